using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Reordering;
using Portal.Tests.Infrastructure;
using Portal.Tests.Shop;

namespace Portal.Tests.Reordering;

/// A clock the test sets; timers still run on real time, so the mail sender keeps polling while "now" jumps.
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

public sealed class ReminderPortal : MailTestPortal
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

        // Later within the same interval: nothing more. A whole interval later: the next reminder.
        portal.Clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal(0, await RunAsync());
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

    private async Task<int> RunAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReorderReminders>().RunOnceAsync(default);
    }
}
