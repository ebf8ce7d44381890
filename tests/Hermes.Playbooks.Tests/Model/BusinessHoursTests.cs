using Hermes.Playbooks.Model;

namespace Hermes.Playbooks.Tests.Model;

public class BusinessHoursTests
{
    private static readonly BusinessHours Weekdays = new(TimeZoneInfo.Utc, new TimeOnly(9, 0), new TimeOnly(18, 0),
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday });

    [Theory]
    // Friday 2026-11-20 17:50 + 30 min → Monday 09:20.
    [InlineData("2026-11-20T17:50:00Z", 30, "2026-11-23T09:20:00Z")]
    // Inside hours: plain addition.
    [InlineData("2026-11-23T10:00:00Z", 30, "2026-11-23T10:30:00Z")]
    // Before opening: the clock starts at 09:00.
    [InlineData("2026-11-24T03:00:00Z", 60, "2026-11-24T10:00:00Z")]
    // Saturday: waits for Monday.
    [InlineData("2026-11-21T12:00:00Z", 15, "2026-11-23T09:15:00Z")]
    // Longer than a day of business time.
    [InlineData("2026-11-23T17:00:00Z", 660, "2026-11-25T10:00:00Z")]
    public void Add_CountsOnlyBusinessTime(string from, int minutes, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Weekdays.Add(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Add_FollowsTheZonesDaylightSavingShift()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var hours = Weekdays with { Zone = london };
        // 2026-03-27 is a Friday in GMT; Monday 2026-03-30 is BST (UTC+1): 09:00 local is 08:00Z.
        var due = hours.Add(new DateTimeOffset(2026, 3, 27, 17, 50, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 8, 20, 0, TimeSpan.Zero), due);
    }
}
