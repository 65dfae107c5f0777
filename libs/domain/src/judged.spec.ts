import { fold } from './decider';
import { findingDecider, FindingCommand, FindingEvent } from './findings/finding';
import { ProgrammeCommand, ProgrammeEvent, programmeDecider } from './programmes/programme';

const programmeId = 'b4f3c2a1-0000-4000-8000-000000000001';
const NOW = '2026-11-22T10:00:00.000Z';
const registered: ProgrammeEvent = {
  type: 'ProgrammeRegistered',
  data: { programmeId, name: 'Northshire transition', council: 'Northshire County Council', newBody: 'Northshire Children’s Trust', legalForm: 'mutual', servicesInScope: ['children’s social care'], goLiveDate: '2027-04-01', registeredAt: '2026-01-05T09:00:00.000Z' },
};
const decide = (command: Omit<ProgrammeCommand, 'metadata'>) => programmeDecider.decide({ ...command, metadata: { now: NOW } } as ProgrammeCommand, fold(programmeDecider, [registered]));

describe('board decisions carry the readiness rule-set version they were judged with', () => {
  it('records the version the application gives on a delivery confidence rating and a go / no-go decision', () => {
    expect(decide({ type: 'RecordBoardRating', data: { programmeId, decisionId: 'd-1', rating: 'amber', rationale: 'Behind plan', rulesetVersion: 2 } })[0].data).toMatchObject({ rulesetVersion: 2 });
    expect(decide({ type: 'DecideGoNoGo', data: { programmeId, decisionId: 'd-2', decision: 'no-go', reasons: 'ELI late', rulesetVersion: 2 } })[0].data).toMatchObject({ rulesetVersion: 2 });
  });

  it('leaves it out when none is given, so a decision reads as those recorded before versions (version 1)', () => {
    expect(decide({ type: 'RecordBoardRating', data: { programmeId, decisionId: 'd-1', rating: 'amber', rationale: 'Behind plan' } })[0].data).not.toHaveProperty('rulesetVersion');
  });

  it('records it on a risk acceptance', () => {
    const raised: FindingEvent = {
      type: 'FindingRaised',
      data: { programmeId, findingId: 'f-1', target: { kind: 'area', area: 'contracts' }, title: 'Consent refused', description: 'd', severity: 'high', owner: 'Legal', dueDate: '2027-01-31', evidence: [] },
    } as unknown as FindingEvent;
    const command = { type: 'AcceptFindingRisk', data: { findingId: 'f-1', decisionId: 'd-3', reason: 'Interim licence', expiresOn: '2027-06-30', rulesetVersion: 2 }, programme: { programmeId, status: 'active', registeredAt: '2026-01-05T09:00:00.000Z', goLiveDate: '2027-04-01' }, metadata: { now: NOW } } as unknown as FindingCommand;
    expect(findingDecider.decide(command, fold(findingDecider, [raised]))[0].data).toMatchObject({ decisionId: 'd-3', rulesetVersion: 2 });
  });
});
