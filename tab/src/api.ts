import type { ApiErrorDto } from "../../services/dashboard/dashboard.types.ts";

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
}

/** GET JSON from this server's /api/, with the Teams SSO token when there is one. */
export function createApi(token?: () => Promise<string>): Api {
  return {
    async get<T>(path: string): Promise<T> {
      const headers: Record<string, string> = { Accept: "application/json" };
      if (token) headers.Authorization = `Bearer ${await token()}`;
      let res: Response;
      try {
        res = await fetch(path, { headers, credentials: "same-origin", cache: "no-store" });
      } catch {
        throw new ApiError(0, "Couldn't reach Sounding Board. Check your connection and try again.");
      }
      const body = (await res.json().catch(() => undefined)) as unknown;
      if (!res.ok) {
        const message = (body as Partial<ApiErrorDto> | undefined)?.message;
        throw new ApiError(res.status, typeof message === "string" ? message : `The server answered ${res.status}.`);
      }
      return body as T;
    },
  };
}
