import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../src/dev/local-services.js';

export interface SmtpBehaviour {
  /** Holds the first message without an answer, so its sender can be killed mid-send. */
  stallFirst?: boolean;
  /** Answers each message this long after receiving it, as a busy relay does. */
  answerAfterMs?: number;
}

/**
 * A minimal SMTP server that accepts every message, as slowly or as stubbornly as a test needs.
 * A message counts as accepted once its 250 reply is written to a connection still open: that is
 * the moment the sender may consider it delivered.
 */
export class TestSmtpServer {
  accepted: string[] = [];
  /** Messages refused with `refuseWith`. */
  refused = 0;
  /** While set, every message is answered with this reply (for example a 451 temporary refusal). */
  refuseWith: string | undefined;
  stalled = false;
  /** Messages received and not yet answered. */
  answering = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly behaviour: SmtpBehaviour = {}) {}

  async start(): Promise<string> {
    const port = await freePort();
    this.server = createServer((socket) => this.converse(socket));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${port}`;
  }

  /** The Message-ID header of each accepted message, in order. */
  acceptedMessageIds(): string[] {
    return this.accepted.map((data) => /^Message-ID:\s*(\S+)/im.exec(data)?.[1] ?? '');
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private converse(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let inData = false;
    let data = '';
    let buffer = '';
    socket.write('220 fault.smtp ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (inData) {
        data += buffer;
        buffer = '';
        if (data.includes('\r\n.\r\n')) {
          inData = false;
          const message = data;
          data = '';
          this.answer(socket, message);
        }
        return;
      }
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-fault.smtp\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP')
          socket.write('250 OK\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
          data = buffer;
          buffer = '';
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 not implemented\r\n');
      }
    });
  }

  private answer(socket: Socket, message: string): void {
    if (this.refuseWith) {
      this.refused++;
      socket.write(`${this.refuseWith}\r\n`);
      return;
    }
    if (this.behaviour.stallFirst && !this.stalled) {
      this.stalled = true; // the first message is never answered
      return;
    }
    this.answering++;
    setTimeout(() => {
      this.answering--;
      if (socket.destroyed) return;
      this.accepted.push(message);
      socket.write('250 2.0.0 queued\r\n');
    }, this.behaviour.answerAfterMs ?? 0);
  }
}
