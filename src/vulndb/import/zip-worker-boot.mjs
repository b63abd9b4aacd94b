// Entry point of the import worker when Drydock runs from its TypeScript sources (bin/drydock.js registers
// tsx in the main thread only; workers need their own loader).
import { register } from 'tsx/esm/api';

register();
await import(new URL('./zip-worker.ts', import.meta.url).href);
