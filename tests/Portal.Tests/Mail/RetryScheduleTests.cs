using Portal.Mail;

namespace Portal.Tests.Mail;

public sealed class RetryScheduleTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(7, 1920)]
    public void Delay_doubles_with_every_failure(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetrySchedule.DelayAfter(failures, Base, Max));

    [Theory]
    [InlineData(8)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void Delay_never_exceeds_the_cap(int failures) =>
        Assert.Equal(Max, RetrySchedule.DelayAfter(failures, Base, Max));

    [Fact]
    public void Default_schedule_outlasts_an_hour_long_outage()
    {
        var options = new MailOptions();
        var total = Enumerable.Range(1, options.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (sum, n) => sum + RetrySchedule.DelayAfter(n, options.RetryBaseDelay, options.RetryMaxDelay));

        Assert.True(total > TimeSpan.FromHours(2), $"The default attempts span only {total}.");
    }
}
