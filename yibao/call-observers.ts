/**
 * Every Yibao call attempt passes the interface log (interface-log.ts `record`); observers registered here
 * hear of each one there, so metrics need no hook in the client itself. An observer never affects the call.
 */
import type { CallOutcome } from './interface-log';

export interface YibaoCallObservation {
  infno: string;
  outcome: CallOutcome;
  durationMs: number;
}

type Observer = (observation: YibaoCallObservation) => void;

const observers = new Set<Observer>();

/** Registers an observer of every Yibao call of this process; returns the function that removes it. */
export function observeYibaoCalls(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function reportYibaoCall(observation: YibaoCallObservation): void {
  for (const observer of observers) {
    try {
      observer(observation);
    } catch {
      // Metrics must never fail a Yibao call.
    }
  }
}
