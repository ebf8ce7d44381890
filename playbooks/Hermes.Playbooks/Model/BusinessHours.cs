namespace Hermes.Playbooks.Model;

/// <summary>
/// The hours in which an owner's silence counts. The question is sent at once (the owner may well answer at
/// night), but reminders and the timeout are measured in business time: a 30-minute timeout asked at 17:50 on a
/// Friday with 09:00–18:00 Monday–Friday falls due at 09:20 on Monday.
/// </summary>
public sealed record BusinessHours(TimeZoneInfo Zone, TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek> Days)
{
    /// <summary>The instant <paramref name="duration"/> of business time after <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan duration)
    {
        var remaining = duration;
        var cursor = TimeZoneInfo.ConvertTime(from, Zone);
        // Bounded: a year of days is far beyond any timeout, and a set with no days is refused at load.
        for (var day = 0; day < 370; day++)
        {
            var date = DateOnly.FromDateTime(cursor.DateTime);
            if (Days.Contains(date.DayOfWeek))
            {
                var open = At(date, Start);
                var close = At(date, End);
                var begin = cursor > open ? cursor : open;
                if (begin < close)
                {
                    var available = close - begin;
                    if (remaining <= available) return (begin + remaining).ToUniversalTime();
                    remaining -= available;
                }
            }
            cursor = At(date.AddDays(1), TimeOnly.MinValue);
        }
        throw new InvalidOperationException("business hours never open");
    }

    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return Days.Contains(local.DayOfWeek) && time >= Start && time < End;
    }

    private DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
