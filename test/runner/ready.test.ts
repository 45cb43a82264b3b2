import assert from 'node:assert/strict';
import { it } from 'node:test';
import { crashReport } from '../../runner/ready.ts';

it("a dev server's traceback ends the wait only once its error line has arrived", () => {
  const start =
    'INFO:     Will watch for changes\nProcess SpawnProcess-1:\nTraceback (most recent call last):\n';
  const middle = '  File "/app/main.py", line 9, in <module>\n    from schemas import NoteRespons\n';
  assert.equal(crashReport('INFO:     Uvicorn running on http://0.0.0.0:8000\n'), undefined);
  assert.equal(crashReport(start + middle), undefined);
  assert.equal(
    crashReport(`${start}${middle}ImportError: cannot import name 'NoteRespons' from 'schemas'\n`),
    "ImportError: cannot import name 'NoteRespons' from 'schemas'",
  );
  assert.equal(
    crashReport('ERROR:    Error loading ASGI app. Could not import module "mian".\n'),
    'ERROR:    Error loading ASGI app. Could not import module "mian".',
  );
  assert.equal(
    crashReport(`${start}pydantic_core._pydantic_core.ValidationError: 1 validation error\n`),
    'pydantic_core._pydantic_core.ValidationError: 1 validation error',
  );
});
