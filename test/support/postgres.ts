import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL for tests. RELAY_TEST_DATABASE_URL wins when set; otherwise, as root with
 * Debian's PostgreSQL installed, a fresh cluster is initdb'd in a temp folder and started on
 * 127.0.0.1 on a free port, then stopped and removed. Each test gets its own schema in it.
 */
export type TestPostgres = {
  url: string;
  /** A URL whose connections use a fresh, empty schema. */
  freshSchemaUrl(): Promise<string>;
  stop(): Promise<void>;
};

function findInitdb(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

/** Why the PostgreSQL suite cannot run here, or null when it can. Synchronous, for `describe.skipIf`. */
export function postgresUnavailableReason(): string | null {
  if (process.env.RELAY_TEST_DATABASE_URL) return null;
  if (!findInitdb()) return 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and RELAY_TEST_DATABASE_URL is not set';
  if (process.getuid?.() !== 0) return 'a throwaway PostgreSQL needs root (to run initdb as the postgres user); set RELAY_TEST_DATABASE_URL instead';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const asPostgres = (bin: string, args: string[]): void => {
  const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
};

let schemaCounter = 0;

export async function startTestPostgres(): Promise<TestPostgres> {
  const reason = postgresUnavailableReason();
  if (reason) throw new Error(reason);

  let url: string;
  let stopServer = async (): Promise<void> => undefined;
  const external = process.env.RELAY_TEST_DATABASE_URL;
  if (external) {
    url = external;
  } else {
    const bin = findInitdb() as string;
    const dir = mkdtempSync(join(tmpdir(), 'relay-pg-'));
    chmodSync(dir, 0o700);
    execFileSync('chown', ['postgres:postgres', dir]);
    const port = await freePort();
    asPostgres(join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    asPostgres(join(bin, 'pg_ctl'), ['-D', dir, '-l', join(dir, 'server.log'), '-o', `-h 127.0.0.1 -p ${port} -k ${dir}`, '-w', 'start']);
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let stopped = false;
    const stopSync = (): void => {
      if (stopped) return;
      stopped = true;
      try {
        asPostgres(join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    // A worker that dies before its afterAll (a hung hook, a crash) must not leave a server behind.
    process.once('exit', stopSync);
    stopServer = async () => {
      process.off('exit', stopSync);
      stopSync();
    };
  }

  const schemas: string[] = [];
  return {
    url,
    async freshSchemaUrl() {
      const schema = `relay_test_${process.pid}_${++schemaCounter}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await client.end();
      }
      schemas.push(schema);
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return u.toString();
    },
    async stop() {
      if (external && schemas.length > 0) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          for (const s of schemas) await client.query(`DROP SCHEMA ${s} CASCADE`);
        } finally {
          await client.end();
        }
      }
      await stopServer();
    },
  };
}
