using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Mail;
using Portal.Mail.Templates;
using Portal.Ordering;

namespace Portal.Reordering;

public sealed class ReorderReminderOptions
{
    public const string SectionName = "Reordering:Reminders";

    public bool Enabled { get; set; } = true;

    /// How often the job looks for overdue companies.
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// Overdue when the time since the last order exceeds the usual interval by this share (0.25 = 25 % late).
    [Range(0.0, 10.0)]
    public double OverdueShare { get; set; } = 0.25;

    /// A rhythm needs this many orders before anyone is reminded of it.
    [Range(3, 100)]
    public int MinOrders { get; set; } = 3;
}

/// A company's reorder rhythm, read from the dates it ordered on. Pure rules, no I/O.
public static class ReorderRhythm
{
    /// The median gap between order days (several orders on one day count once); null below minOrders order days.
    public static TimeSpan? UsualInterval(IEnumerable<DateTimeOffset> placedAt, int minOrders)
    {
        var days = placedAt.Select(p => p.UtcDateTime.Date).Distinct().Order().ToList();
        if (days.Count < Math.Max(2, minOrders))
        {
            return null;
        }

        var gaps = days.Zip(days.Skip(1), (a, b) => b - a).Order().ToList();
        var middle = gaps.Count / 2;
        return gaps.Count % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2;
    }

    /// Which overdue period "now" is in: null while not overdue, 1 from (1 + share) intervals after the last order,
    /// 2 one interval later, and so on. One reminder per period means never more than one per interval.
    public static int? OverduePeriod(DateTimeOffset lastOrder, TimeSpan interval, DateTimeOffset now, double overdueShare)
    {
        if (interval <= TimeSpan.Zero)
        {
            return null;
        }

        var intervals = (now - lastOrder) / interval - overdueShare;
        return intervals >= 1 ? (int)Math.Floor(intervals) : null;
    }
}

public sealed record ReorderReminderMail(string RecipientName, string CompanyName, string ListName, int DaysSinceLastOrder, int UsualDays, Uri Link, Uri SettingsLink) : MailTemplate
{
    public override string Kind => "ReorderReminder";
    public override Type HtmlTemplate => typeof(ReorderReminderHtml);
    public override Type TextTemplate => typeof(ReorderReminderText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Time to reorder: {0}", ListName];
}

/// Finds companies overdue on a reorder list and puts one reminder per user, list and overdue period into the
/// outbox. The period is part of the outbox's unique dedupe key, so several app instances running this at once,
/// or a run repeated within the same period, cannot send the same reminder twice.
/// It is the trigger and the one step of the journey "Time to reorder" (Care/Journeys): switched off there, no
/// reminders go out; each overdue list and period enrols the company once, which the journey's figures count.
public sealed class ReorderReminders(PortalDbContext db, Outbox outbox, MailLinks links, IOptions<ReorderReminderOptions> options, TimeProvider time, ILogger<ReorderReminders> logger)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await Care.Journeys.JourneyDefaults.EnsureAsync(db, time, cancellationToken);
        var journey = await db.Journeys.AsNoTracking().Where(j => j.Key == Care.Journeys.JourneyDefaults.ReorderReminder).Select(j => new { j.Id, j.IsEnabled }).SingleAsync(cancellationToken);
        if (!journey.IsEnabled)
        {
            return 0;
        }

        var since = now.AddYears(-2);
        var lists = await db.ReorderLists.AsNoTracking()
            .Where(l => l.Lines.Any())
            .Select(l => new { l.Id, l.CustomerId, l.Name, l.IsPrivate, l.OwnerUserId, Packs = l.Lines.Select(x => x.PackSizeId).ToList() })
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var company in lists.GroupBy(l => l.CustomerId))
        {
            var orderLines = await db.OrderLines.AsNoTracking()
                .Where(l => l.PackSizeId != null && l.Quantity > 0)
                .Join(db.Orders.Where(o => o.CustomerId == company.Key && o.Status != OrderStatus.Cancelled && o.PlacedAt >= since), l => l.OrderId, o => o.Id, (l, o) => new { PackSizeId = l.PackSizeId!.Value, o.PlacedAt })
                .ToListAsync(cancellationToken);
            var companyName = await db.Customers.Where(c => c.Id == company.Key).Select(c => c.Name).SingleAsync(cancellationToken);
            var users = await db.Users.AsNoTracking()
                .Where(u => u.CustomerId == company.Key && u.IsActive && u.ReorderRemindersEnabled && u.Email != null)
                .Select(u => new { u.Id, u.Email, u.DisplayName, u.Language })
                .ToListAsync(cancellationToken);
            foreach (var list in company)
            {
                var packs = list.Packs.ToHashSet();
                var dates = orderLines.Where(l => packs.Contains(l.PackSizeId)).Select(l => l.PlacedAt).ToList();
                if (ReorderRhythm.UsualInterval(dates, settings.MinOrders) is not { } interval)
                {
                    continue;
                }

                var last = dates.Max();
                if (ReorderRhythm.OverduePeriod(last, interval, now, settings.OverdueShare) is not { } period)
                {
                    continue;
                }

                var source = $"reorder:{list.Id}:{last.UtcTicks}:{period}";
                if (!await db.JourneyEnrolments.AnyAsync(e => e.JourneyId == journey.Id && e.SourceKey == source, cancellationToken))
                {
                    await Care.Journeys.JourneyRunner.TryEnrolAsync(db, journey.Id, company.Key, source, null, now, cancellationToken, Care.Journeys.JourneyEnrolmentStatus.Completed);
                }

                foreach (var user in users.Where(u => !list.IsPrivate || u.Id == list.OwnerUserId))
                {
                    var key = $"reorder-reminder-{list.Id}-{user.Id}-{last.UtcTicks}-{period}";
                    if (await db.OutboxMessages.AnyAsync(m => m.DedupeKey == key, cancellationToken))
                    {
                        continue;
                    }

                    var mail = new ReorderReminderMail(
                        user.DisplayName,
                        companyName,
                        list.Name,
                        (int)(now - last).TotalDays,
                        Math.Max(1, (int)Math.Round(interval.TotalDays)),
                        links.To($"/shop/reorder-lists/{list.Id}", new Dictionary<string, string?>()),
                        links.To("/shop/reorder-lists", new Dictionary<string, string?>()));
                    if (await outbox.EnqueueMarketingOnceAsync(mail, user.Email!, user.DisplayName, user.Language, key, cancellationToken))
                    {
                        sent++;
                    }
                }
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Reorder reminders: {Count} queued", sent);
        }

        return sent;
    }
}

/// Runs the reminders on this instance every CheckInterval; the first run waits one interval so that a starting
/// app (or a test host) does not mail anyone on boot.
public sealed class ReorderReminderService(IServiceScopeFactory scopes, IOptions<ReorderReminderOptions> options, TimeProvider time, ILogger<ReorderReminderService> logger)
    : RecurringWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;
    protected override bool WaitFirst => true;
    protected override bool Enabled => options.Value.Enabled;

    // A repeated round is harmless: the dedupe keys send each reminder once.
    protected override Task RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ReorderReminders>().RunOnceAsync(cancellationToken);
}

public static class ReorderingExtensions
{
    public static IHostApplicationBuilder AddPortalReordering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReorderReminderOptions>().BindConfiguration(ReorderReminderOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "Reordering:Reminders:CheckInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<ReorderLists>();
        builder.Services.AddScoped<QuickOrder>();
        builder.Services.AddScoped<ReorderReminders>();
        builder.Services.AddHostedService<ReorderReminderService>();
        return builder;
    }
}
