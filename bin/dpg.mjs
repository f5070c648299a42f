#!/usr/bin/env node
// The installed `dpg` bin: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';

register();
await import('./dpg.ts');
