import { RegisterItemCommand, RegisterItemEvent, RegisteredItem, registerItemDecider } from '../registers/register-item';
import { Scenario, specification } from './specification';

const items = specification(registerItemDecider);

/**
 * Given an item made by these commands (the first registers it), when a command, then its events,
 * its refusal, or the item after it: the register specs' one helper. The state is the registered
 * item, which is what every such test looks at.
 */
export function givenItem(...commands: RegisterItemCommand[]): Scenario<RegisteredItem, RegisterItemCommand, RegisterItemEvent> {
  return items.givenDecided(...commands) as unknown as Scenario<RegisteredItem, RegisterItemCommand, RegisterItemEvent>;
}
