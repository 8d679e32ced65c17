const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function dayOfYear(d: Date): number {
  const start = new Date(d.getFullYear(), 0, 1);
  const utcToday = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((utcToday - Date.UTC(start.getFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** ISO 8601 week-numbering year and week (Monday first; week 1 holds the year's first Thursday). */
function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  t.setUTCDate(t.getUTCDate() + 3 - ((t.getUTCDay() + 6) % 7));
  const year = t.getUTCFullYear();
  return { year, week: Math.floor((t.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1 };
}

/**
 * Python's `datetime.now().strftime` (local time, C locale), as Hydra's `${now:}` calls it: every
 * directive Python documents. The datetime is naive, so `%z` and `%Z` are empty as in Python; a
 * directive Python does not know is left as written, as Python on Linux (glibc) leaves it.
 */
export function strftime(pattern: string, d: Date): string {
  return pattern.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    switch (c) {
      case 'Y': return pad(d.getFullYear(), 4);
      case 'y': return pad(d.getFullYear() % 100);
      case 'm': return pad(d.getMonth() + 1);
      case 'd': return pad(d.getDate());
      case 'H': return pad(d.getHours());
      case 'I': return pad(d.getHours() % 12 || 12);
      case 'M': return pad(d.getMinutes());
      case 'S': return pad(d.getSeconds());
      case 'f': return pad(d.getMilliseconds() * 1000, 6);
      case 'b': return MONTHS[d.getMonth()]!.slice(0, 3);
      case 'B': return MONTHS[d.getMonth()]!;
      case 'a': return DAYS[d.getDay()]!.slice(0, 3);
      case 'A': return DAYS[d.getDay()]!;
      case 'w': return String(d.getDay());
      case 'u': return String(d.getDay() || 7);
      case 'j': return pad(dayOfYear(d), 3);
      case 'U': return pad(Math.floor((dayOfYear(d) - 1 + 7 - d.getDay()) / 7));
      case 'W': return pad(Math.floor((dayOfYear(d) - 1 + 7 - ((d.getDay() + 6) % 7)) / 7));
      case 'G': return pad(isoWeek(d).year, 4);
      case 'V': return pad(isoWeek(d).week);
      case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
      case 'z': case 'Z': return '';
      case 'c': return `${strftime('%a %b', d)} ${String(d.getDate()).padStart(2, ' ')} ${strftime('%H:%M:%S %Y', d)}`;
      case 'x': return strftime('%m/%d/%y', d);
      case 'X': return strftime('%H:%M:%S', d);
      case '%': return '%';
      default: return whole;
    }
  });
}
