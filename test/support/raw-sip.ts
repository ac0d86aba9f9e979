import { createSocket, type Socket } from 'node:dgram';

export interface SipReply {
  status: number;
  reason: string;
  callId: string | undefined;
  text: string;
}

/**
 * A UDP peer on 127.0.0.1 that sends hand-made SIP (broken on purpose) to Asterisk's trunk
 * port and keeps every reply, so a test can say which message got which answer.
 */
export class RawSipPeer {
  readonly replies: SipReply[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', (buf) => {
      const text = buf.toString('latin1');
      const status = /^SIP\/2\.0 (\d{3}) ([^\r\n]*)/.exec(text);
      if (!status) return; // a request from Asterisk (e.g. a retransmitted BYE): not a reply
      this.replies.push({ status: Number(status[1]), reason: status[2]!, callId: /^Call-ID:\s*(\S+)/im.exec(text)?.[1], text });
    });
  }

  static open(): Promise<RawSipPeer> {
    const socket = createSocket('udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve(new RawSipPeer(socket, socket.address().port)));
    });
  }

  send(message: string | Buffer, target = { host: '127.0.0.1', port: 5060 }): Promise<void> {
    const buf = typeof message === 'string' ? Buffer.from(message, 'latin1') : message;
    return new Promise((resolve, reject) => this.socket.send(buf, target.port, target.host, (err) => (err ? reject(err) : resolve())));
  }

  /** Final (>= 200) replies to one Call-ID. */
  finalReplies(callId: string): SipReply[] {
    return this.replies.filter((r) => r.callId === callId && r.status >= 200);
  }

  /**
   * A hostile INVITE Asterisk took as a call (200 OK): ACK it and hang it up with a BYE, as a
   * well-behaved caller would, so the call ends now and not at Asterisk's missing-ACK timeout.
   */
  async hangUpAnswered(callId: string): Promise<void> {
    const ok = this.replies.find((r) => r.callId === callId && r.status === 200 && /^CSeq:\s*\d+ INVITE/im.test(r.text));
    if (!ok) throw new Error(`no 200 OK to the INVITE ${callId}`);
    const header = (name: string) => new RegExp(`^${name}:\\s*([^\\r\\n]*)`, 'im').exec(ok.text)?.[1] ?? '';
    const target = /<([^>]+)>/.exec(header('Contact'))?.[1] ?? 'sip:127.0.0.1:5060';
    const dialog = (method: string, cseq: number) => [
      `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK-${method}-${callId};rport`,
      `From: ${header('From')}`,
      `To: ${header('To')}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      'Max-Forwards: 70',
    ];
    await this.send(sipMessage(`ACK ${target} SIP/2.0`, dialog('ACK', 1)));
    await this.send(sipMessage(`BYE ${target} SIP/2.0`, dialog('BYE', 2)));
    const deadline = Date.now() + 5000;
    while (!this.replies.some((r) => r.callId === callId && /^CSeq:\s*2 BYE/im.test(r.text))) {
      if (Date.now() > deadline) throw new Error(`no reply to the BYE of ${callId}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** SIP lines joined with CRLF, the blank line, then the body; Content-Length as given or the body's. */
export function sipMessage(startLine: string, headers: readonly string[], body = '', contentLength?: number | string): string {
  const length = contentLength ?? Buffer.byteLength(body, 'latin1');
  return [startLine, ...headers, `Content-Length: ${length}`, '', body].join('\r\n');
}
