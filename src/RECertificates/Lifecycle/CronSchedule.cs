using System;
using System.Globalization;
using System.Linq;

namespace RECertificates.Lifecycle
{
    /// <summary>
    /// Checks a rotation schedule before it is sent: the job scheduler takes a five-field cron expression (minute,
    /// hour, day of month, month, day of week; references/rest-api/objects/job_scheduler/). Each field is '*', a
    /// number, a range, a list, or a step of those, within the field's bounds; months and weekdays also by name.
    /// </summary>
    internal static class CronSchedule
    {
        private static readonly Field[] Fields =
        {
            new Field("minute", 0, 59, null),
            new Field("hour", 0, 23, null),
            new Field("day of month", 1, 31, null),
            new Field("month", 1, 12, new[] { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" }),
            new Field("day of week", 0, 7, new[] { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" }),
        };

        /// <summary>Null when <paramref name="expression"/> is a valid five-field cron expression; otherwise what is wrong with it.</summary>
        public static string? Problem(string? expression)
        {
            string[] parts = (expression ?? string.Empty).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != Fields.Length)
            {
                return $"it has {parts.Length} field(s), not five (minute hour day-of-month month day-of-week)";
            }

            for (int i = 0; i < parts.Length; i++)
            {
                if (Fields[i].Problem(parts[i]) is string problem)
                {
                    return $"the {Fields[i].Name} field '{parts[i]}' {problem}";
                }
            }

            return null;
        }

        private sealed class Field
        {
            private readonly int _min;
            private readonly int _max;
            private readonly string[]? _names;

            public Field(string name, int min, int max, string[]? names)
            {
                Name = name;
                _min = min;
                _max = max;
                _names = names;
            }

            public string Name { get; }

            public string? Problem(string text)
            {
                foreach (string item in text.Split(','))
                {
                    string[] step = item.Split('/');
                    if (step.Length > 2 || item.Length == 0)
                    {
                        return "is not a number, range, list or step";
                    }

                    if (step.Length == 2 && (!int.TryParse(step[1], NumberStyles.None, CultureInfo.InvariantCulture, out int every) || every < 1 || every > _max))
                    {
                        return $"has a step '{step[1]}' that is not a whole number from 1 to {_max}";
                    }

                    if (step[0] == "*")
                    {
                        continue;
                    }

                    string[] range = step[0].Split('-');
                    if (range.Length > 2 || range.Any(r => r.Length == 0))
                    {
                        return "is not a number, range, list or step";
                    }

                    int?[] values = range.Select(Value).ToArray();
                    if (values.Any(v => v == null))
                    {
                        return $"holds a value outside {_min}-{_max}";
                    }

                    if (values.Length == 2 && values[0] > values[1])
                    {
                        return $"holds a range '{step[0]}' that runs backwards";
                    }
                }

                return null;
            }

            private int? Value(string text)
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                {
                    return number >= _min && number <= _max ? number : (int?)null;
                }

                int index = _names == null ? -1 : Array.FindIndex(_names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                return index < 0 ? (int?)null : index + (_min == 1 ? 1 : 0);
            }
        }
    }
}
