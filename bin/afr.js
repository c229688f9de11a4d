#!/usr/bin/env node
import { runCli } from '../dist/cli/main.js';

runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`afr: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
