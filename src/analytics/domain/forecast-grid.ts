/**
 * Occupancy of a target (a space, or several summed) by local weekday × hour over some period
 * (one week, or twelve): booked and available minutes per cell. Recommendations score slots on
 * it; forecasts learn from a series of weekly grids.
 */
export interface WeekdayHourGrid {
  /** 168 cells, index (isoWeekday − 1) × 24 + hour; minutes. */
  booked: number[];
  available: number[];
}

export const GRID_CELLS = 168;
export const HOURS_PER_DAY = 24;

/** Cell of an ISO weekday (1 = Monday … 7 = Sunday) and local hour (0..23). */
export function cellIndex(isoWeekday: number, hour: number): number {
  return (isoWeekday - 1) * HOURS_PER_DAY + hour;
}

export function cellOf(index: number): { isoWeekday: number; hour: number } {
  return { isoWeekday: Math.floor(index / HOURS_PER_DAY) + 1, hour: index % HOURS_PER_DAY };
}

export function emptyGrid(): WeekdayHourGrid {
  return { booked: new Array<number>(GRID_CELLS).fill(0), available: new Array<number>(GRID_CELLS).fill(0) };
}

/** A grid from heatmap cells (any order; cells of one weekday and hour add up). */
export function gridOf(cells: Iterable<{ isoWeekday: number; hour: number; bookedMinutes: number; availableMinutes: number }>): WeekdayHourGrid {
  const grid = emptyGrid();
  for (const c of cells) {
    const i = cellIndex(c.isoWeekday, c.hour);
    grid.booked[i]! += c.bookedMinutes;
    grid.available[i]! += c.availableMinutes;
  }
  return grid;
}

export function sumGrids(grids: readonly WeekdayHourGrid[]): WeekdayHourGrid {
  const sum = emptyGrid();
  for (const g of grids) {
    for (let i = 0; i < GRID_CELLS; i++) {
      sum.booked[i]! += g.booked[i]!;
      sum.available[i]! += g.available[i]!;
    }
  }
  return sum;
}

/** booked / available of a cell; null when it was never open. */
export function shareOf(grid: WeekdayHourGrid, index: number): number | null {
  const available = grid.available[index]!;
  return available > 0 ? grid.booked[index]! / available : null;
}

export function totalAvailable(grid: WeekdayHourGrid): number {
  return grid.available.reduce((a, b) => a + b, 0);
}
