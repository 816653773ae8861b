import { describe, expect, it } from 'vitest';
import * as input from '../../src/input/index.ts';
import * as io from '../../src/io/index.ts';
import * as trace from '../../src/trace/index.ts';

describe('public surfaces, listed by hand', () => {
  it('src/trace exports the trace, ITF, file, replay, diff and table functions the CLI calls', () => {
    expect(Object.keys(trace).sort()).toEqual(
      [
        'ACTION_TAKEN', 'INIT_ACTION', 'ITF_FORMAT_DESCRIPTION', 'ITF_VARS', 'NONDET_PICKS', 'STATE_VARS',
        'canonical', 'diffStates', 'diffValues', 'encodeState', 'formatChange', 'formatStepTable', 'fromItf',
        'itfDocumentSchema', 'itfText', 'loadTraceFile', 'makeTrace', 'recordTrace', 'renderValue', 'replayTrace',
        'saveTraceFile', 'statePath', 'toItf', 'traceStates',
      ].sort(),
    );
  });

  it('src/input exports the readers and the error formatting', () => {
    expect(Object.keys(input).sort()).toEqual(
      [
        'EVENT_PARAMS', 'LEGS', 'MAX_JSON_DEPTH', 'PARAM_NAMES', 'describeValue', 'eventSchema', 'failure', 'formatInputError', 'jsonPath',
        'loadScenarioFile', 'paramsOf', 'parseEvent', 'parseJsonText', 'parseScenario', 'readJsonFile', 'scenarioSchema', 'success',
      ].sort(),
    );
  });

  it('src/io exports the atomic writer', () => {
    expect(Object.keys(io)).toEqual(['writeFileAtomic']);
  });
});
