import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { it } from 'node:test';
import {
  alreadyListening,
  crashReport,
  leftoverAdvice,
  mentionedPort,
  portInUse,
  portOf,
  portTakenAdvice,
  stillListening,
} from '../../runner/ready.ts';

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

it('recognises "port taken" as Python, uvicorn, Node and Docker print it, and names the port where they do', () => {
  const messages: [string, number | undefined][] = [
    ['OSError: [Errno 98] Address already in use\n', undefined],
    ['ERROR:    [Errno 48] Address already in use\n', undefined],
    [
      'ERROR:    [WinError 10048] Normalerweise darf jede Socketadresse (Protokoll, Netzwerkadresse oder Anschluss) nur jeweils einmal verwendet werden\n',
      undefined,
    ],
    ['Error: listen EADDRINUSE: address already in use :::8000\n', 8000],
    [
      'docker: Error response from daemon: driver failed programming external connectivity on endpoint cloudnotes-test (3f…): Bind for 0.0.0.0:8000 failed: port is already allocated.\n',
      8000,
    ],
    [
      'docker: Error response from daemon: ports are not available: exposing port TCP 0.0.0.0:8001 -> 0.0.0.0:0: listen tcp 0.0.0.0:8001: bind: address already in use.\n',
      8001,
    ],
  ];
  for (const [output, port] of messages) {
    assert.equal(portInUse(output), true, output);
    assert.equal(mentionedPort(output), port, output);
  }
  // A container name in use is another problem.
  const nameTaken =
    'docker: Error response from daemon: Conflict. The container name "/cloudnotes-test" is already in use by container "9c…".';
  assert.equal(portInUse(nameTaken), false);
  assert.match(portTakenAdvice(8000), /^Port 8000 ist schon belegt\. .*Ctrl\+C/);
  assert.match(portTakenAdvice(undefined), /^Der Port ist schon belegt\./);
  assert.equal(portOf('http://localhost:8000/health'), 8000);
  assert.equal(portOf('http://localhost/health'), 80);
});

it('sees whether something already listens where a server is about to start', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  assert.equal(await alreadyListening(`http://127.0.0.1:${port}/health`), true);
  assert.equal(await alreadyListening(`http://0.0.0.0:${port}/`), true);
  await new Promise((resolve) => server.close(resolve));
  assert.equal(await alreadyListening(`http://127.0.0.1:${port}/health`), false);
  assert.equal(await alreadyListening('kein-url'), false);
});

it('waits a moment for a server that is just letting go of its port', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  setTimeout(() => server.close(), 300);
  assert.equal(await stillListening(url, 3000), false);
  const held = createServer();
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  const heldUrl = `http://127.0.0.1:${(held.address() as AddressInfo).port}/`;
  assert.equal(await stillListening(heldUrl, 300), true);
  await new Promise((resolve) => held.close(resolve));
});

it('names leftover servers of a killed run that may hold the port, with the command for the platform', () => {
  assert.equal(leftoverAdvice([]), '');
  assert.equal(
    leftoverAdvice([4242], 'linux'),
    ' Vielleicht hält ihn ein Server aus dem abgebrochenen letzten Lauf (Prozess 4242); prüfe das und beende ihn dann mit: kill -- -4242',
  );
  assert.match(
    leftoverAdvice([4242, 4343], 'win32'),
    /\(Prozesse 4242, 4343\); .*taskkill \/PID 4242 \/T \/F; taskkill \/PID 4343 \/T \/F$/,
  );
});
