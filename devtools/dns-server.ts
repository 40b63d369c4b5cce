// A real DNS server on 127.0.0.1 (UDP, random port) for the TXT verification
// tests: records can be published and withdrawn while the service runs.
// Names it holds no record for answer NXDOMAIN, like an authoritative server.
import dns2 from 'dns2';

export interface TestDnsServer {
  /** `127.0.0.1:<port>`, for LATCHKEY_DNS_SERVERS. */
  address: string;
  setTxt(host: string, values: string[]): void;
  removeTxt(host: string): void;
  /** Answer SERVFAIL for this host, as a broken upstream would. */
  failHost(host: string): void;
  close(): Promise<void>;
}

const { Packet } = dns2;

export async function startDnsServer(): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>();
  const failing = new Set<string>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      const name = question?.name.toLowerCase() ?? '';
      if (failing.has(name)) {
        response.header.rcode = 2; // SERVFAIL
      } else if (txt.has(name) && question?.type === Packet.TYPE.TXT) {
        for (const value of txt.get(name) ?? []) {
          const answer = {
            name: question.name,
            type: Packet.TYPE.TXT,
            class: Packet.CLASS.IN,
            ttl: 1,
            data: value,
          };
          // dns2's typings say answers are class instances; its encoder takes plain records.
          response.answers.push(answer as unknown as (typeof response.answers)[number]);
        }
      } else if (!txt.has(name)) {
        response.header.rcode = 3; // NXDOMAIN
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const { udp } = server.addresses() as { udp: { port: number } };
  return {
    address: `127.0.0.1:${udp.port}`,
    setTxt: (host, values) => {
      failing.delete(host.toLowerCase());
      txt.set(host.toLowerCase(), values);
    },
    removeTxt: (host) => txt.delete(host.toLowerCase()),
    failHost: (host) => failing.add(host.toLowerCase()),
    close: () => server.close(),
  };
}
