import { errorReply, requestTimedOut } from "../../api.ts";
import type { FetchApp } from "../../listening.ts";

/**
 * Bun.serve hands a request to the app once its headers are in, and never times out its body.
 * This gives the body `ms` from then: a request whose body is not in by then is answered 408.
 *
 * It also reads the rest of a body the app answered without reading (a 413 or 415, say) before
 * the answer goes out: Bun closes the connection after such an answer, and a client still sending
 * its body would lose the answer to the connection reset.
 */
export function withRequestDeadline(app: FetchApp, ms: number): FetchApp {
  return {
    async fetch(request) {
      if (request.body === null) return app.fetch(request);
      const source = request.body.getReader();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<"expired">((resolve) => {
        timer = setTimeout(() => resolve("expired"), ms);
      });
      const read = () => Promise.race([source.read(), expired]);
      // The app reads the body through this stream, which fails once the deadline has passed.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const chunk = await read();
          if (chunk === "expired") {
            controller.error(requestTimedOut());
          } else if (chunk.done) {
            clearTimeout(timer);
            controller.close();
          } else {
            controller.enqueue(chunk.value);
          }
        },
        cancel: (reason) => source.cancel(reason),
      });
      try {
        const answer = await Promise.race([app.fetch(new Request(request, { body })), expired]);
        if (answer === "expired") {
          const { status, body } = errorReply(requestTimedOut());
          return Response.json(body, { status, headers: { Connection: "close" } });
        }
        // Whatever the app left unread, until its end or the deadline.
        let chunk = await read();
        while (chunk !== "expired" && !chunk.done) chunk = await read();
        return answer;
      } finally {
        clearTimeout(timer);
        // Stops reading a body that is still arriving; nothing to do for one read to its end.
        await source.cancel();
      }
    },
  };
}
