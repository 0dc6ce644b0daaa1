#!/usr/bin/env node
// The package's `lab` bin: lets Node load the TypeScript CLI through tsx, then runs it.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
