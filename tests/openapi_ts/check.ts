// Type-checked (tsc --noEmit, strict) against the types openapi-typescript generates from
// `weibo-explorer openapi` (./schema.d.ts, written at test time): a TypeScript caller of the login,
// a follow-up and the admin API, and the error answers every operation documents.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
type Envelope = Schemas["ErrorEnvelope"];

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8600" });
const device = {
  "X-operating-sys-version": "windows10.1.1",
  "X-device-fingerprint": "156aysdna213sc50",
  "X-agent": "Mozilla/5.0",
  "X-client-id": "docs-demo-app",
};

// Every status of the login is one branch; every error is the one envelope.
export async function login(accessToken: string, uid: string): Promise<string> {
  const { data, error } = await client.POST("/api/v2/sdk/login/weibo", {
    params: { header: device },
    body: { access_token: accessToken, uid },
  });
  if (error !== undefined) {
    const code: string = error.error_code;
    return code;
  }
  switch (data.status) {
    case "SUCCESS": {
      const success: Schemas["LoginSuccess"] = data;
      return success.id_token;
    }
    case "USER_REGISTER":
    case "SOCIAL_BIND": {
      const flows: Schemas["SocialFlows"] = JSON.parse(data.data);
      const methods: Schemas["VerifyMethod"][] = flows.socialBindOrRegisterFlow;
      return methods.join(",");
    }
    case "MFA_AUTH": {
      const factors: Schemas["MfaFactor"][] = JSON.parse(data.data);
      return factors.join(",");
    }
    case "ACCESS_DENIED":
      return data.data;
  }
}

// A follow-up: the MFA call needs the state token as a header.
export async function mfa(stateToken: string, code: string): Promise<string | undefined> {
  const { data } = await client.POST("/api/v2/sdk/mfa/sms", {
    params: { header: { ...device, "X-state-token": stateToken } },
    body: { mobile: "+86-159****2852", verify_code: code },
  });
  return data?.status;
}

// @ts-expect-error -- a required header left out does not type-check
client.GET("/api/v2/sdk/captcha", { params: { header: { "X-agent": "Mozilla/5.0" } } });

// The admin API takes no credentials on loopback; its errors are the same envelope.
export async function clock(): Promise<string> {
  const { data, error } = await client.GET("/sandbox/clock");
  return data !== undefined ? data.now : error.error_code;
}

// The front door's answers are documented where a caller meets them.
type Answer<P extends keyof paths, M extends "get" | "post", S extends number> =
  paths[P][M] extends { responses: Record<S, { content: { "application/json": infer T } }> }
    ? T : never;
export const repeated: Answer<"/api/v2/sdk/login/weibo", "post", 400> =
  { error_code: "SANDBOX.HTTP.0401", error_msg: "Header sent more than once: x-l" };
export const tooLarge: Answer<"/api/v2/sdk/login/weibo", "post", 413> =
  { error_code: "SANDBOX.BODY.0004", error_msg: "Request body is larger than 64 KiB" };
export const wrongMethod: Answer<"/sandbox/users/{id}", "get", 405> =
  { error_code: "SANDBOX.HTTP.0405", error_msg: "Method not allowed on this route" };
export const foreignOrigin: Answer<"/sandbox/clock", "get", 403> =
  { error_code: "SANDBOX.ADMIN.0004", error_msg: "Admin calls are refused from another origin" };
export const bug: Answer<"/api/v1/oauth2/keys", "get", 500> =
  { error_code: "SANDBOX.HTTP.0500", error_msg: "Internal sandbox error" };

// A code newer than this client is still an envelope.
export const future: Envelope = { error_code: "SANDBOX.FUTURE.0001", error_msg: "new" };
