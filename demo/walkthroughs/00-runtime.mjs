// The runtime's walk-through: a simulator on the shared harness, called through the runtime's HTTP
// client and XML-RPC codec, with a fault injected and recovered from; a CloudStack request signed;
// a secret kept out of the log.
import {
  createLogger,
  decodeMethodCall,
  decodeMethodResponse,
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  HttpClient,
  signCloudStack,
  XmlRpcFault,
} from '@overcast/runtime';
import { startSimulator } from '@overcast/simulators';

export const title = 'Runtime: harness, HTTP, XML-RPC, signing, redaction';

export async function run(print) {
  const sim = await startSimulator({
    name: 'xmlrpc-echo',
    handler: (request) => {
      const call = decodeMethodCall(request.text);
      const body =
        call.method === 'echo'
          ? encodeMethodResponse(call.params)
          : encodeFault(-32601, `no method ${call.method}`);
      return { status: 200, headers: { 'content-type': 'text/xml' }, body };
    },
  });
  const http = new HttpClient();
  const call = async (method, params, retry) => {
    const response = await http.request({
      method: 'POST',
      url: `${sim.url}/RPC2`,
      headers: { 'content-type': 'text/xml' },
      body: encodeMethodCall(method, params),
      retry,
    });
    return decodeMethodResponse(response.body);
  };
  try {
    print(`simulator listening on ${sim.url}`);
    const echoed = await call('echo', [42, 2n ** 60n, 'héllo', true, null, { ids: [1, 2] }]);
    print(`echo → ${JSON.stringify(echoed, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);

    sim.faults.add({ kind: 'error', status: 503, times: 2 });
    await call('echo', ['after two 503s'], { retries: 3, minDelay: 10 });
    print(`two injected 503s, retried: ${sim.faults.injected.error} faults injected, call succeeded`);

    try {
      await call('nosuch', []);
      throw new Error('a fault was expected');
    } catch (error) {
      if (!(error instanceof XmlRpcFault)) throw error;
      print(`fault → ${error.name} code=${error.code} message="${error.serverMessage}"`);
    }
  } finally {
    await http.close();
    await sim.close();
  }

  const signed = signCloudStack({
    command: 'listVirtualMachines',
    params: { name: 'web ~1', tags: [{ key: 'env', value: 'prod' }] },
    apiKey: 'demo-key',
    secret: 'demo-secret',
    now: () => Date.UTC(2026, 0, 1),
  });
  print(`CloudStack string to sign: ${signed.stringToSign}`);
  print(`CloudStack signature: ${signed.signature}`);

  const lines = [];
  const log = createLogger({
    sink: { debug() {}, info: (l) => lines.push(l), warn() {}, error() {} },
    secrets: ['oneadmin:s3cret'],
  });
  log.info('calling one.vm.info with session oneadmin:s3cret and password=hunter2');
  if (lines[0].includes('s3cret') || lines[0].includes('hunter2'))
    throw new Error('a secret reached the log');
  print(`logged: ${lines[0]}`);
}
