import type { AccessDirectory } from '@tracker/read-models';
import type { CommandResult, CommandRunner } from '../../../shared/command-runner';
import type { RequestContext } from '../../../shared/request-context';
import { AdministerUserCommand, AdministerUserHandler } from './administer-user';

describe('changes that count the other administrators', () => {
  const context = { userId: 'u-a', role: 'administrator', correlationId: 'c', causationId: 'c' } as RequestContext;
  const by = { userId: 'u-a', administrator: true, via: 'token' } as const;

  it('run one at a time, so the second counts the administrators after the first is recorded', async () => {
    const seen: string[] = [];
    const finish: (() => void)[] = [];
    const runner = {
      run: (_decider: unknown, streamId: string) => {
        seen.push(`record ${streamId}`);
        return new Promise<CommandResult>((resolve) => finish.push(() => resolve({ position: 1, version: 1 } as unknown as CommandResult)));
      },
    } as unknown as CommandRunner;
    const directory = { otherActiveAdministrators: (userId: string) => (seen.push(`count for ${userId}`), 1) } as unknown as AccessDirectory;
    const handler = new AdministerUserHandler(runner, directory);

    const first = handler.execute(new AdministerUserCommand('u-b', 'disable', context, by));
    const second = handler.execute(new AdministerUserCommand('u-a', 'remove-administrator', context, by));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['count for u-b', 'record user-u-b']);
    finish.shift()!();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['count for u-b', 'record user-u-b', 'count for u-a', 'record user-u-a']);
    finish.shift()!();
    await second;
  });

  it('do not hold up changes that count nobody', async () => {
    const runner = { run: jest.fn(() => new Promise(() => undefined)) } as unknown as CommandRunner;
    const handler = new AdministerUserHandler(runner, { otherActiveAdministrators: () => 1 } as unknown as AccessDirectory);
    void handler.execute(new AdministerUserCommand('u-b', 'disable', context, by));
    void handler.execute(new AdministerUserCommand('u-c', 'enable', context, by));
    await new Promise((resolve) => setImmediate(resolve));
    expect((runner.run as jest.Mock).mock.calls).toHaveLength(2);
  });
});
