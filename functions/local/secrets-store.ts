import { randomInt, randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/**
 * The local Secrets Manager's secrets, with Secrets Manager's versions and staging labels: a new
 * value becomes AWSCURRENT and the version it replaces AWSPREVIOUS; a version left with no label is
 * dropped (Secrets Manager keeps such versions for a while; nothing here reads them). With a
 * `persistPath` they are kept in a file and survive a restart.
 */
export interface SecretVersion {
  versionId: string;
  secretString: string;
  stages: string[];
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface StoredSecret {
  name: string;
  arn: string;
  versions: SecretVersion[];
}

export type SecretsErrorCode =
  | "ResourceNotFoundException"
  | "InvalidParameterException"
  | "InvalidRequestException"
  | "ResourceExistsException";

export class SecretsError extends Error {
  constructor(
    readonly code: SecretsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SUFFIX_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** A full secret ARN ends with a hyphen and six random characters after the name. */
const FULL_ARN = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)-[A-Za-z0-9]{6}$/;
const PARTIAL_ARN = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;

export class LocalSecrets {
  readonly #secrets = new Map<string, StoredSecret>();
  readonly #persistPath: string | undefined;
  readonly #arnPrefix: string;

  constructor(options: { region: string; account: string; persistPath?: string }) {
    this.#arnPrefix = `arn:aws:secretsmanager:${options.region}:${options.account}:secret:`;
    this.#persistPath = options.persistPath;
    if (this.#persistPath && existsSync(this.#persistPath)) {
      const stored = JSON.parse(readFileSync(this.#persistPath, "utf8")) as { secrets: StoredSecret[] };
      for (const secret of stored.secrets) this.#secrets.set(secret.name, secret);
    }
  }

  has(name: string): boolean {
    return this.#secrets.has(name);
  }

  /** Creates a secret with a first AWSCURRENT version (as CreateSecret with SecretString). */
  create(name: string, secretString: string, now = Date.now()): StoredSecret {
    if (this.#secrets.has(name))
      throw new SecretsError(
        "ResourceExistsException",
        `The operation failed because the secret ${name} already exists.`,
      );
    const suffix = Array.from(
      { length: 6 },
      () => SUFFIX_CHARACTERS[randomInt(SUFFIX_CHARACTERS.length)],
    ).join("");
    const secret: StoredSecret = {
      name,
      arn: `${this.#arnPrefix}${name}-${suffix}`,
      versions: [{ versionId: randomUUID(), secretString, stages: ["AWSCURRENT"], createdAt: now }],
    };
    this.#secrets.set(name, secret);
    this.#save();
    return secret;
  }

  /**
   * The secret a SecretId names: its full ARN, its name, or its ARN without the random suffix (a
   * partial ARN), as Secrets Manager accepts them.
   */
  find(secretId: string): StoredSecret {
    const byArn = [...this.#secrets.values()].find((s) => s.arn === secretId);
    const name = byArn ? byArn.name : (PARTIAL_ARN.exec(secretId)?.[1] ?? secretId);
    const secret = byArn ?? (FULL_ARN.test(secretId) ? undefined : this.#secrets.get(name));
    if (!secret)
      throw new SecretsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    return secret;
  }

  /** One version: by id, by staging label, or AWSCURRENT. */
  version(secret: StoredSecret, select: { versionId?: string; stage?: string }): SecretVersion {
    const stage = select.stage ?? (select.versionId ? undefined : "AWSCURRENT");
    const version = secret.versions.find(
      (v) =>
        (select.versionId === undefined || v.versionId === select.versionId) &&
        (stage === undefined || v.stages.includes(stage)),
    );
    if (!version) {
      const what = select.versionId ? `VersionId: ${select.versionId}` : `staging label: ${stage}`;
      throw new SecretsError(
        "ResourceNotFoundException",
        `Secrets Manager can't find the specified secret value for ${what}`,
      );
    }
    return version;
  }

  /**
   * A new version (PutSecretValue): the labels it is given move to it, AWSCURRENT's old version
   * becomes AWSPREVIOUS. The same token with the same value is the same version (a retried call);
   * with another value it is refused.
   */
  put(
    secret: StoredSecret,
    value: { token: string; secretString: string; stages: string[] },
    now = Date.now(),
  ): SecretVersion {
    const existing = secret.versions.find((v) => v.versionId === value.token);
    if (existing) {
      if (existing.secretString === value.secretString) return existing;
      throw new SecretsError(
        "ResourceExistsException",
        "You can't modify an existing version, you can only create a new version.",
      );
    }
    const becomesCurrent = value.stages.includes("AWSCURRENT");
    for (const version of secret.versions) {
      const wasCurrent = version.stages.includes("AWSCURRENT");
      version.stages = version.stages.filter(
        (s) => !value.stages.includes(s) && !(becomesCurrent && s === "AWSPREVIOUS"),
      );
      if (becomesCurrent && wasCurrent) version.stages.push("AWSPREVIOUS");
    }
    const version = {
      versionId: value.token,
      secretString: value.secretString,
      stages: [...value.stages],
      createdAt: now,
    };
    secret.versions = [...secret.versions.filter((v) => v.stages.length > 0), version];
    this.#save();
    return version;
  }

  #save(): void {
    const path = this.#persistPath;
    if (!path) return;
    // Written whole and renamed, so a crash never leaves half a file.
    writeFileSync(`${path}.tmp`, JSON.stringify({ secrets: [...this.#secrets.values()] }), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }
}
