// Smoke test of the built server with the reference TypeScript client, over stdio and Streamable HTTP.
// Run by run.sh with: MCP_URL (HTTP endpoint), SERVER_DLL, CONFIG, DEMO_UPSTREAM_URL.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const { MCP_URL, SERVER_DLL, CONFIG } = process.env;
for (const [k, v] of Object.entries({ MCP_URL, SERVER_DLL, CONFIG })) if (!v) throw new Error(`${k} is not set`);

const MANIFEST_URI = 'truebit://tasks/demo/notes/manifest';
const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('');

const transports = {
  stdio: () => new StdioClientTransport({
    command: 'dotnet',
    args: [SERVER_DLL, '--config', CONFIG],
    env: { ...process.env },
    stderr: 'ignore',
  }),
  http: () => new StreamableHTTPClientTransport(new URL(MCP_URL)),
};

for (const [name, makeTransport] of Object.entries(transports)) {
  describe(`TypeScript SDK client over ${name}`, () => {
    const client = new Client({ name: 'truebit-mcp-smoke', version: '1.0.0' });
    before(async () => { await client.connect(makeTransport()); });
    after(async () => { await client.close(); });

    test('lists tools', async () => {
      const { tools } = await client.listTools();
      const weather = tools.find((t) => t.name === 'notes_get_weather');
      assert.ok(weather, 'notes_get_weather is listed');
      assert.equal(weather.inputSchema.type, 'object');
      assert.ok(tools.every((t) => t.description), 'every tool has a description');
    });

    test('calls notes_get_weather', async () => {
      const result = await client.callTool({ name: 'notes_get_weather', arguments: { city: 'Lisbon' } });
      assert.notEqual(result.isError, true, text(result));
      assert.match(text(result) + JSON.stringify(result.structuredContent ?? {}), /Lisbon/);
    });

    test('reads the manifest resource', async () => {
      const { contents } = await client.readResource({ uri: MANIFEST_URI });
      assert.equal(contents[0].uri, MANIFEST_URI);
      assert.match(contents[0].text, /openapi/i);
    });

    test('a bad argument is a tool error, not a protocol error', async () => {
      const result = await client.callTool({ name: 'notes_get_weather', arguments: { city: 5 } });
      assert.equal(result.isError, true);
      assert.match(text(result), /city/);
    });
  });
}

// Raw JSON-RPC over HTTP: pick the protocol version ourselves.
async function post(body, headers = {}) {
  const res = await fetch(MCP_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const raw = await res.text();
  const data = raw.split('\n').find((l) => l.startsWith('data: '));
  return { status: res.status, message: JSON.parse(data ? data.slice(6) : raw) };
}

const initialize = (protocolVersion) => post({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

describe('protocol versions over HTTP', () => {
  for (const version of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']) {
    test(`initialize at ${version}`, async () => {
      const { status, message } = await initialize(version);
      assert.equal(status, 200);
      assert.equal(message.result.protocolVersion, version);
    });
  }

  test('2026-07-28 has no initialize handshake: refused with the supported list', async () => {
    const { message } = await initialize('2026-07-28');
    assert.ok(message.error, 'initialize at 2026-07-28 is an error');
    console.log(`# initialize 2026-07-28 -> ${message.error.code} ${message.error.message}`);
  });

  test('2026-07-28 stateless: server/discover and tools/list with _meta', async () => {
    const version = '2026-07-28';
    const meta = {
      'io.modelcontextprotocol/protocolVersion': version,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
    };
    const headers = { 'mcp-protocol-version': version };
    const discover = await post({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } }, { ...headers, 'mcp-method': 'server/discover' });
    assert.ok(discover.message.result?.supportedVersions?.includes(version), JSON.stringify(discover.message));
    const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: meta } }, { ...headers, 'mcp-method': 'tools/list' });
    assert.ok(list.message.result.tools.some((t) => t.name === 'notes_get_weather'));
  });

  test('the TS client negotiated its latest version (2025-11-25)', async () => {
    const client = new Client({ name: 'version-probe', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(MCP_URL));
    await client.connect(transport);
    try {
      assert.equal(transport.protocolVersion, '2025-11-25');
    } finally {
      await client.close();
    }
  });
});
