using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Mail;
using Portal.Mail.Templates;

namespace Portal.Insights;

public sealed class MonthlySummaryOptions
{
    public const string SectionName = "Insights:MonthlySummary";

    public bool Enabled { get; set; } = true;

    /// How often the worker looks whether a summary is due; a round with nothing due is two small queries.
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// On the first of the month, not before this time (business time, Europe/Berlin): the night's segmentation
    /// has run, and the mail is in the inbox before the working day starts.
    public TimeOnly SendAt { get; set; } = new(6, 0);

    /// The last day of the month on which last month's summary still goes out (to a user who opts in later, or
    /// after the portal was down on the first). Later, it waits for next month's.
    [Range(1, 28)]
    public int SendUntilDay { get; set; } = 7;
}

/// One class's (or all classes') figures of one month, as MonthlyEconomics counts them.
public sealed record SummaryFigures(int Orders, int TouchlessOrders, decimal CostToServe, decimal Revenue, decimal Contribution, decimal HandlingCostSaved)
{
    public decimal? TouchlessRate => Orders == 0 ? null : Math.Round((decimal)TouchlessOrders / Orders, 4, MidpointRounding.AwayFromZero);

    public decimal? CostPerOrder => Orders == 0 ? null : Money.Round(CostToServe / Orders);

    public static SummaryFigures Of(IEnumerable<MonthlyEconomics.Row> rows)
    {
        var list = rows.ToList();
        return new(list.Sum(r => r.Orders), list.Sum(r => r.TouchlessOrders), list.Sum(r => r.CostToServe), list.Sum(r => r.Revenue), list.Sum(r => r.Contribution), list.Sum(r => r.HandlingCostSaved));
    }
}

/// A class's month beside the month before; Segment null is all classes together.
public sealed record SummaryClass(Segment? Segment, SummaryFigures Month, SummaryFigures Previous);

/// The share of today's C customers with a self-service order in the 90 days before a month's end.
public sealed record SummaryAdoption(int Customers, int SelfServing)
{
    public decimal? Share => Customers == 0 ? null : Math.Round((decimal)SelfServing / Customers, 4, MidpointRounding.AwayFromZero);
}

public sealed record SummaryFiguresOfMonth(DateOnly Month, IReadOnlyList<SummaryClass> Classes, SummaryAdoption Adoption, SummaryAdoption PreviousAdoption)
{
    public SummaryClass Of(Segment? segment) => Classes.Single(c => c.Segment == segment);
}

public sealed record MonthlySummaryMail(string RecipientName, SummaryFiguresOfMonth Figures, Uri Link, Uri SettingsLink) : MailTemplate
{
    public override string Kind => "MonthlySummary";
    public override Type HtmlTemplate => typeof(MonthlySummaryHtml);
    public override Type TextTemplate => typeof(MonthlySummaryText);

    // The subject is what a phone's lock screen shows: the one number the portal exists to move.
    public override string Subject(IStringLocalizer t, SellerOptions seller)
    {
        var small = Figures.Of(Segment.C);
        var month = Dates.FormatMonth(Figures.Month);
        return small.Month.TouchlessRate is { } rate
            ? t["{0}: {1} of class C orders touchless ({2})", month, SummaryFormat.Percent(rate), SummaryFormat.Points(small.Month.TouchlessRate, small.Previous.TouchlessRate, t).Change]
            : t["Monthly summary for {0}", month];
    }
}

/// One line of the summary as the reader sees it: a figure, its value this month and its change against last month.
/// Better/worse is the business's reading (a falling cost per order is good news), shown as the colour in the HTML.
public sealed record SummaryLine(string Label, string Value, string Change, SummaryTrend Trend);

public enum SummaryTrend
{
    /// No comparison: a month without orders on either side.
    None,
    Same,
    Better,
    Worse,
}

/// Formats the summary's figures in the current culture (the mail renderer sets the recipient's), shared by the
/// HTML and the text template so both say the same.
public static class SummaryFormat
{
    public const string Up = "▲";
    public const string Down = "▼";

    /// A class's lines; class C's end with the self-service adoption, the C customers' own figure.
    public static IReadOnlyList<SummaryLine> Lines(SummaryFiguresOfMonth summary, SummaryClass figures, IStringLocalizer t)
    {
        var (month, previous) = (figures.Month, figures.Previous);
        var lines = new List<SummaryLine>
        {
            Count(t["Orders"], month.Orders, previous.Orders),
            Points(month.TouchlessRate, previous.TouchlessRate, t) with { Label = t["Touchless rate"] },
            Amount(t["Cost to serve per order"], month.CostPerOrder, previous.CostPerOrder, lowerIsBetter: true),
            Amount(t["Handling cost saved"], month.HandlingCostSaved, previous.HandlingCostSaved),
            Amount(t["Revenue"], month.Revenue, previous.Revenue),
            Amount(t["Contribution"], month.Contribution, previous.Contribution),
        };
        if (figures.Segment == Segment.C)
        {
            lines.Add(Points(summary.Adoption.Share, summary.PreviousAdoption.Share, t) with { Label = t["Self-service adoption"] });
        }

        return lines;
    }

    /// "Class C", "All classes".
    public static string Title(Segment? segment, IStringLocalizer t) => segment is { } s ? t["Class {0}", s] : t["All classes"];

    public static string Percent(decimal share) => (share * 100).ToString("0.#", CultureInfo.CurrentCulture) + " %";

    /// A share and its change in percentage points.
    public static SummaryLine Points(decimal? month, decimal? previous, IStringLocalizer t)
    {
        var value = month is { } m ? Percent(m) : "–";
        if (month is not { } now || previous is not { } before)
        {
            return new("", value, "–", SummaryTrend.None);
        }

        var points = (now - before) * 100;
        return new("", value, t["{0} pp", Signed(points, Math.Abs(points).ToString("0.0", CultureInfo.CurrentCulture))], Trend(points, lowerIsBetter: false));
    }

    private static SummaryLine Count(string label, int month, int previous) =>
        new(label, month.ToString("N0", CultureInfo.CurrentCulture), Signed(month - previous, Math.Abs(month - previous).ToString("N0", CultureInfo.CurrentCulture)), Trend(month - previous, lowerIsBetter: false));

    private static SummaryLine Amount(string label, decimal? month, decimal? previous, bool lowerIsBetter = false)
    {
        var value = month is { } m ? Money.Format(m) : "–";
        if (month is not { } now || previous is not { } before)
        {
            return new(label, value, "–", SummaryTrend.None);
        }

        return new(label, value, Signed(now - before, Money.Format(Math.Abs(now - before))), Trend(now - before, lowerIsBetter));
    }

    // The arrow says which way the figure went, the sign by how much: "▲ +12", "▼ -€0.40", "±0" (the minus the
    // culture writes in front of a negative amount, so a change and a negative contribution look alike).
    private static string Signed(decimal difference, string magnitude) => difference switch
    {
        > 0 => $"{Up} +{magnitude}",
        < 0 => $"{Down} -{magnitude}",
        _ => $"±{magnitude}",
    };

    private static SummaryTrend Trend(decimal difference, bool lowerIsBetter) => difference == 0
        ? SummaryTrend.Same
        : (difference > 0) != lowerIsBetter ? SummaryTrend.Better : SummaryTrend.Worse;
}

/// The monthly management summary: for the last complete month (business time) the headline figures per class and
/// their change against the month before, mailed through the outbox to every active staff user who opted in. The
/// dedupe key (user and month) is unique in the outbox, so two instances, a restart or the command line sending
/// the same month again cannot mail anyone twice.
public sealed class MonthlySummaries(
    PortalDbContext db,
    MonthlyEconomics economics,
    Outbox outbox,
    MailLinks links,
    IOptions<MonthlySummaryOptions> options,
    TimeProvider time,
    ILogger<MonthlySummaries> logger)
{
    public static string DedupeKey(string userId, DateOnly month) =>
        $"monthly-summary:{userId}:{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    /// The month before the current one in business time.
    public DateOnly LastCompleteMonth()
    {
        var today = Dates.BusinessToday(time);
        return Dates.MonthOf(today).AddMonths(-1);
    }

    /// The worker's round: last month's summaries, from the first of the month at SendAt until SendUntilDay.
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var month = LastCompleteMonth();
        var due = Dates.FromBusinessTime(month.AddMonths(1).ToDateTime(settings.SendAt));
        if (time.GetUtcNow() < due || Dates.BusinessToday(time).Day > settings.SendUntilDay)
        {
            return 0;
        }

        return await SendAsync(month, cancellationToken);
    }

    /// Queues the month's summary for every opted-in staff user who has not had it yet; returns how many.
    public async Task<int> SendAsync(DateOnly month, CancellationToken cancellationToken)
    {
        month = Dates.MonthOf(month);
        if (month > LastCompleteMonth())
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, "Only a complete month has a summary.");
        }

        var recipients = await Recipients().Select(u => new { u.Id, u.Email, u.DisplayName, u.Language }).ToListAsync(cancellationToken);
        var keys = recipients.Select(u => DedupeKey(u.Id, month)).ToList();
        var done = (await db.OutboxMessages.AsNoTracking().Where(m => m.DedupeKey != null && keys.Contains(m.DedupeKey))
            .Select(m => m.DedupeKey!).ToListAsync(cancellationToken)).ToHashSet();
        var due = recipients.Where(u => !done.Contains(DedupeKey(u.Id, month))).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var figures = await FiguresAsync(month, cancellationToken);
        var link = links.To("/insights", new Dictionary<string, string?>());
        // The opt-in form on the cockpit: where the reader switches the mail off.
        var settingsLink = new Uri(link, "#monthly-summary");
        var sent = 0;
        foreach (var user in due)
        {
            if (await outbox.EnqueueOnceAsync(new MonthlySummaryMail(user.DisplayName, figures, link, settingsLink), user.Email!, user.DisplayName, user.Language, DedupeKey(user.Id, month), cancellationToken))
            {
                sent++;
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Monthly summary {Month:yyyy-MM}: {Count} queued", month, sent);
        }

        return sent;
    }

    /// The month's figures and the month before's, per class and for all classes, and the C customers' adoption.
    public async Task<SummaryFiguresOfMonth> FiguresAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var previous = month.AddMonths(-1);
        var today = Dates.BusinessToday(time);
        var months = (today.Year - previous.Year) * 12 + today.Month - previous.Month + 1;
        var rows = await economics.MonthsAsync(months, new MonthlyEconomics.Filter(), cancellationToken);
        var classes = new Segment?[] { Segment.C, null, Segment.A, Segment.B }
            .Select(segment => new SummaryClass(
                segment,
                SummaryFigures.Of(rows.Where(r => r.Month == month && (segment is null || r.Segment == segment))),
                SummaryFigures.Of(rows.Where(r => r.Month == previous && (segment is null || r.Segment == segment)))))
            .ToList();
        var adoption = await economics.SelfServiceAdoptionAsync(Dates.StartOfBusinessDay(month.AddMonths(1)), cancellationToken);
        var before = await economics.SelfServiceAdoptionAsync(Dates.StartOfBusinessDay(month), cancellationToken);
        return new(month, classes, new(adoption.Customers, adoption.SelfServing), new(before.Customers, before.SelfServing));
    }

    /// A staff user's own choice; false when the user is not staff (a customer account cannot opt in).
    public async Task<bool> SetOptInAsync(string userId, bool enabled, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId && u.CustomerId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.MonthlySummaryEnabled, enabled), cancellationToken) > 0;

    public Task<bool> IsOptedInAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.MonthlySummaryEnabled, cancellationToken);

    // Active staff who opted in; a user whose staff role was taken away stops getting it.
    private IQueryable<PortalUser> Recipients() =>
        db.Users.AsNoTracking().Where(u => u.MonthlySummaryEnabled && u.IsActive && u.CustomerId == null && u.Email != null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && Roles.Staff.Contains(r.Name!))));
}

/// Looks every CheckInterval whether last month's summary is due (see MonthlySummaries.SendDueAsync).
public sealed class MonthlySummaryWorker(IServiceScopeFactory scopes, IOptions<MonthlySummaryOptions> options, TimeProvider time, ILogger<MonthlySummaryWorker> logger)
    : RecurringWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;
    protected override bool Enabled => options.Value.Enabled;

    // A repeated round is harmless: the dedupe keys send each user's month once.
    protected override Task RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<MonthlySummaries>().SendDueAsync(cancellationToken);
}
