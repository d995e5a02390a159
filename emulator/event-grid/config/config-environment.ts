/** What the running emulator can reach, so a subscription that needs more is refused at start. */
export interface ConfigEnvironment {
  canDeliverToFunctions: boolean;
  canDeadLetter: boolean;
}
