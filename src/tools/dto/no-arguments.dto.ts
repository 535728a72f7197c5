/** The input of a tool that takes no arguments (any argument given is refused as unknown). */
export class NoArgumentsDto {}
