using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Reordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Reordering;

/// A clock the test sets; timers still run on real time, so the mail sender keeps polling while "now" jumps.
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void Set(DateTimeOffset to) => now = to;
}

public class ReminderPortal : MailTestPortal
{
    public ReminderPortal()
    {
        With("Mail:PublicUrl", "https://portal.example");
    }

    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

/// The reminder job running on its own every 200 ms of real time while the test moves "now" by days.
public sealed class ReminderWorkerPortal : ReminderPortal
{
    public const int CheckMilliseconds = 200;

    public ReminderWorkerPortal()
    {
        With("Reordering:Reminders:CheckInterval", TimeSpan.FromMilliseconds(CheckMilliseconds).ToString());
    }
}

public sealed class ReorderReminderTests(ReminderPortal portal) : IClassFixture<ReminderPortal>
{
    [Fact]
    public async Task An_overdue_company_gets_one_reminder_per_interval_and_users_who_switched_off_get_none()
    {
        var company = await portal.NewCompanyAsync();
        await portal.ColleagueAsync(company, reminders: false);
        var now = portal.Clock.GetUtcNow();
        // Every 30 days, the last order 30 days ago: due today, overdue (25 % late) in 7.5 days.
        foreach (var daysAgo in new[] { 90, 60, 30 })
        {
            await portal.SeedOrderAsync(company, now.AddDays(-daysAgo), (ShopDriver.WallPaint2L5, 10));
        }

        var lastOrder = await portal.WithDbAsync(db => db.Orders.Where(o => o.CustomerId == company.CustomerId).OrderByDescending(o => o.PlacedAt).Select(o => o.Number).FirstAsync());
        var listPath = await company.Buyer.SaveOrderAsListAsync(lastOrder, "Paint every month");

        Assert.Equal(0, await RunAsync());
        portal.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());

        var mail = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.Equal("Time to reorder: Paint every month", mail.Subject);
        Assert.Contains("https://portal.example" + listPath, mail.TextBody);
        Assert.Contains("every 30 days", mail.TextBody);
        await portal.OutboxDrainedAsync(company.BuyerEmail);
        Assert.Single(portal.Smtp.MessagesTo(company.BuyerEmail));

        // Later within the same interval: nothing more. A whole interval later: the next reminder.
        portal.Clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal(0, await RunAsync());
        await portal.OutboxDrainedAsync(company.BuyerEmail);
        Assert.Single(portal.Smtp.MessagesTo(company.BuyerEmail));
        portal.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(1, await RunAsync());
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(company.BuyerEmail).Count == 2), "the second reminder arrived");
        // The colleague who switched reminders off got none of them.
        Assert.All(
            portal.Smtp.Messages.Where(m => m.Subject == "Time to reorder: Paint every month"),
            m => Assert.Equal(company.BuyerEmail, Assert.Single(m.To.Mailboxes).Address));
    }

    [Fact]
    public async Task Two_instances_running_at_once_queue_the_reminder_once()
    {
        var company = await portal.NewCompanyAsync();
        var now = portal.Clock.GetUtcNow();
        foreach (var daysAgo in new[] { 50, 40, 30, 20 })
        {
            await portal.SeedOrderAsync(company, now.AddDays(-daysAgo), (ShopDriver.WallPaint1L, 2));
        }

        var lastOrder = await portal.WithDbAsync(db => db.Orders.Where(o => o.CustomerId == company.CustomerId).OrderByDescending(o => o.PlacedAt).Select(o => o.Number).FirstAsync());
        await company.Buyer.SaveOrderAsListAsync(lastOrder, "Every ten days");

        var sent = await Task.WhenAll(RunAsync(), RunAsync());

        Assert.Equal(1, await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == company.BuyerEmail && m.Kind == "ReorderReminder")));
        Assert.True(sent.Sum() >= 1);
    }

    private Task<int> RunAsync() => portal.RunRemindersOnceAsync();
}

/// The same rule driven by the hosted job itself: nothing is called by hand, only the clock moves.
public sealed class ReorderReminderJobTests(ReminderWorkerPortal portal) : IClassFixture<ReminderWorkerPortal>
{
    private static readonly TimeSpan SeveralRounds = TimeSpan.FromMilliseconds(ReminderWorkerPortal.CheckMilliseconds * 8);

    [Fact]
    public async Task Moving_the_clock_past_the_interval_mails_one_reminder_and_moving_it_within_the_interval_mails_none()
    {
        var company = await portal.NewCompanyAsync();
        var now = portal.Clock.GetUtcNow();
        // Every 30 days, the last order 30 days ago: overdue once "now" is 37.5 days after it.
        foreach (var daysAgo in new[] { 90, 60, 30 })
        {
            await portal.SeedOrderAsync(company, now.AddDays(-daysAgo), (ShopDriver.WallPaint1L, 4));
        }

        var lastOrder = await portal.WithDbAsync(db => db.Orders.Where(o => o.CustomerId == company.CustomerId).OrderByDescending(o => o.PlacedAt).Select(o => o.Number).FirstAsync());
        await company.Buyer.SaveOrderAsListAsync(lastOrder, "Monthly primer");

        // Due but not yet overdue: the job runs several rounds and mails nobody.
        await Task.Delay(SeveralRounds);
        Assert.Empty(portal.Smtp.MessagesTo(company.BuyerEmail));

        portal.Clock.Advance(TimeSpan.FromDays(8));
        var mail = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.Equal("Time to reorder: Monthly primer", mail.Subject);
        await Task.Delay(SeveralRounds);
        await portal.OutboxDrainedAsync(company.BuyerEmail);
        Assert.Single(portal.Smtp.MessagesTo(company.BuyerEmail));

        // 20 more days is still inside the interval that reminder covered: the job keeps running and sends none.
        portal.Clock.Advance(TimeSpan.FromDays(20));
        await Task.Delay(SeveralRounds);
        await portal.OutboxDrainedAsync(company.BuyerEmail);
        Assert.Single(portal.Smtp.MessagesTo(company.BuyerEmail));
        Assert.Equal(1, await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == company.BuyerEmail && m.Kind == "ReorderReminder")));
    }
}

public static class ReminderPortalExtensions
{
    public static async Task<int> RunRemindersOnceAsync(this PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReorderReminders>().RunOnceAsync(default);
    }

    /// Waits until the mail sender has handed every message to this address to the SMTP server.
    public static Task OutboxDrainedAsync(this PortalFactory portal, string email) =>
        Eventually.TrueAsync(
            () => portal.WithDbAsync(db => db.OutboxMessages.AllAsync(m => m.To != email || m.Status == Portal.Mail.OutboxStatus.Sent)),
            $"every mail to {email} was sent");
}
