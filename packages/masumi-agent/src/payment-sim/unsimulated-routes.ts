/**
 * Routes of the real service the simulator does not play: they check the API key as the
 * real ones do (so a client learns the same 401s) and then answer 501. Without them a request
 * would get 404 "Can not GET ...", which the real service never answers for these paths.
 */
import type { Access } from "./api-keys.js";
import { HttpError } from "./http-io.js";
import type { Route } from "./router.js";

const UNSIMULATED: [Route["method"], string, Access][] = [
  ["GET", "/api/v1/registry/wallet", "read"],
  ["GET", "/api/v1/payment-source-extended", "admin"],
  ["POST", "/api/v1/payment-source-extended", "admin"],
  ["POST", "/api/v1/payment/authorize-refund", "pay"],
  ["GET", "/api/v1/purchase", "read"],
  ["POST", "/api/v1/purchase", "pay"],
  ["GET", "/api/v1/api-key", "admin"],
  ["POST", "/api/v1/api-key", "admin"],
];

export function unsimulatedRoutes(): Route[] {
  return UNSIMULATED.map(([method, path, access]) => ({
    method,
    path,
    access,
    handle: () => {
      throw new HttpError(501, `${method} ${path} is not simulated by payment-sim`);
    },
  }));
}
