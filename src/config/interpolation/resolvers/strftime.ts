const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function dayOfYear(d: Date): number {
  const start = new Date(d.getFullYear(), 0, 1);
  const utcToday = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((utcToday - Date.UTC(start.getFullYear(), 0, 1)) / 86_400_000) + 1;
}

/**
 * Python's `datetime.strftime` for the directives Hydra configs use (local time):
 * %Y %m %d %H %M %S %f %y %b %B %a %A %j %p %%. Other directives are left as written.
 */
export function strftime(pattern: string, d: Date): string {
  return pattern.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    switch (c) {
      case 'Y': return pad(d.getFullYear(), 4);
      case 'y': return pad(d.getFullYear() % 100);
      case 'm': return pad(d.getMonth() + 1);
      case 'd': return pad(d.getDate());
      case 'H': return pad(d.getHours());
      case 'M': return pad(d.getMinutes());
      case 'S': return pad(d.getSeconds());
      case 'f': return pad(d.getMilliseconds() * 1000, 6);
      case 'b': return MONTHS[d.getMonth()]!.slice(0, 3);
      case 'B': return MONTHS[d.getMonth()]!;
      case 'a': return DAYS[d.getDay()]!.slice(0, 3);
      case 'A': return DAYS[d.getDay()]!;
      case 'j': return pad(dayOfYear(d), 3);
      case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
      case '%': return '%';
      default: return whole;
    }
  });
}
