export type { ParsedDockerfile, DockerfileStage, DockerfileInstruction, DockerfileFlag, BaseImage } from './types.js';
export { parseDockerfile, finalStage, lineOf } from './parse.js';
export { resolveBaseImage, resolvedFromImages, substituteArgs, globalArgValues } from './base-image.js';
export { runScript, splitCommands, programOf, runCommands, type ShellCommand } from './shell.js';
