import { runCli } from './cliCommands';

// `npm run relay -- <command>`: see relay/cliCommands.ts for the commands.
void runCli(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exitCode = code;
});
