/**
 * Learning-rate schedules, as functions of the (0-based) epoch so a resumed job recomputes the
 * same rate without storing it. The rate is constant within an epoch.
 */
export type ScheduleConfig =
  | { name: 'cosine'; min_lr: number }
  | { name: 'step'; step_size: number; gamma: number }
  | { name: 'constant' };

export const SCHEDULE_NAMES = ['cosine', 'step', 'constant'] as const;

export function learningRateAt(schedule: ScheduleConfig, baseLr: number, epoch: number, epochs: number): number {
  switch (schedule.name) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * schedule.gamma ** Math.floor(epoch / schedule.step_size);
    case 'cosine': {
      // Annealed over the planned epochs so the last epoch still trains (rate > min_lr until then).
      const progress = epochs <= 1 ? 0 : epoch / epochs;
      return schedule.min_lr + 0.5 * (baseLr - schedule.min_lr) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
