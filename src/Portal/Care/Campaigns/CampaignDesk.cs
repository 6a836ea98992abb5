using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Mail;
using Portal.Ordering;
using Portal.Segmentation;

namespace Portal.Care.Campaigns;

/// Who a campaign is for: customers by class, strategy, rep and "has not ordered since"; null is any.
public sealed record CampaignAudience(Segment? Segment, Strategy? Strategy, string? RepId, DateOnly? NotOrderedSince);

/// What the "New campaign" form sends, as typed. SendAt is business time (Europe/Berlin), "yyyy-MM-ddTHH:mm".
public sealed record CampaignDraft(string? Subject, string? Body, string? SubjectDe, string? BodyDe, string? Skus, Segment? Segment, Strategy? Strategy, string? RepId, string? NotOrderedSince, bool SendNow, string? SendAt);

public sealed record CampaignContact(string UserId, string Name, string Email, string Language, int CustomerId, string Company);

public sealed record CampaignFigures(int Recipients, int Pending, int Queued, int Sent, int Skipped, int Clicks, int ClickedContacts, int Orders, decimal Revenue);

public sealed record AttributedOrder(int OrderId, string Number, int CustomerId, DateTimeOffset PlacedAt, decimal Net);

/// Campaigns as inside sales makes and reads them: the audience, checking and saving a new campaign, its preview
/// as one recipient, and its figures with the orders attributed to it.
///
/// Decisions: a blocked customer gets no campaign (it could not order what the mail offers); only active portal users
/// with an address are contacts; an unsubscribed contact stays in the audience count and is skipped when sending.
/// Attribution: an order counts for the campaign whose click by someone of the ordering company came last before
/// it, when that click was at most 14 days before the order; each order counts once, for one campaign.
public sealed class CampaignDesk(PortalDbContext db, CareMailComposer composer, MailRenderer renderer, TimeProvider time, IStringLocalizer<SharedResource> t)
{
    public const string MailKind = "Campaign";
    public static readonly TimeSpan AttributionWindow = TimeSpan.FromDays(14);

    public IQueryable<PortalUser> Contacts(CampaignAudience audience)
    {
        var customers = db.Customers.Where(c => !c.IsBlocked);
        if (audience.Segment is { } segment)
        {
            customers = customers.Where(c => c.Segment == segment);
        }

        if (audience.Strategy is { } strategy)
        {
            customers = customers.Where(c => db.CustomerFigures.Any(f => f.CustomerId == c.Id && f.Strategy == strategy));
        }

        if (!string.IsNullOrEmpty(audience.RepId))
        {
            customers = customers.Where(c => c.AssignedRepId == audience.RepId);
        }

        if (audience.NotOrderedSince is { } day)
        {
            var since = Dates.StartOfBusinessDay(day);
            customers = customers.Where(c => !db.Orders.Any(o => o.CustomerId == c.Id && o.Status != OrderStatus.Cancelled && o.PlacedAt >= since));
        }

        return db.Users.Where(u => u.IsActive && u.Email != null && u.CustomerId != null && customers.Any(c => c.Id == u.CustomerId));
    }

    public async Task<(int Contacts, int Companies)> CountAsync(CampaignAudience audience, CancellationToken cancellationToken)
    {
        var contacts = Contacts(audience);
        return (await contacts.CountAsync(cancellationToken), await contacts.Select(u => u.CustomerId).Distinct().CountAsync(cancellationToken));
    }

    /// The first contacts of an audience by company, for choosing whom to preview the mail as.
    public Task<List<CampaignContact>> SampleAsync(CampaignAudience audience, int count, CancellationToken cancellationToken) =>
        Contacts(audience).AsNoTracking()
            .OrderBy(u => u.Customer!.Name).ThenBy(u => u.Email)
            .Select(u => new CampaignContact(u.Id, u.DisplayName, u.Email!, u.Language, u.CustomerId!.Value, u.Customer!.Name))
            .Take(count)
            .ToListAsync(cancellationToken);

    /// Reads and checks a draft; the messages are in the reader's language, keyed by the field they belong to.
    public async Task<(Campaign? Campaign, List<(string Field, string Message)> Errors)> ReadAsync(CampaignDraft draft, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(draft.Subject))
        {
            errors.Add(("Subject", t["Please enter a subject."]));
        }
        else if (draft.Subject.Trim().Length > 200)
        {
            errors.Add(("Subject", t["At most 200 characters."]));
        }

        if (string.IsNullOrWhiteSpace(draft.Body))
        {
            errors.Add(("Body", t["Please write the text of the mail."]));
        }

        foreach (var (field, text, max) in new[] { ("Body", draft.Body, 8000), ("SubjectDe", draft.SubjectDe, 200), ("BodyDe", draft.BodyDe, 8000) })
        {
            if (text is not null && text.Trim().Length > max)
            {
                errors.Add((field, t["At most {0} characters.", max.ToString("N0", CultureInfo.CurrentCulture)]));
            }
        }

        DateOnly? notOrderedSince = null;
        if (!string.IsNullOrWhiteSpace(draft.NotOrderedSince))
        {
            if (DateInput.TryParse(draft.NotOrderedSince, out var day))
            {
                notOrderedSince = day;
            }
            else
            {
                errors.Add(("NotOrderedSince", t["\"{0}\" is not a date. Please write it like {1}.", draft.NotOrderedSince.Trim(), DateInput.Example(CultureInfo.CurrentCulture)]));
            }
        }

        var packIds = new List<int>();
        var skus = (draft.Skus ?? "").Split([',', ';', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (skus.Count > 20)
        {
            errors.Add(("Skus", t["At most 20 articles."]));
        }
        else if (skus.Count > 0)
        {
            var found = await db.PackSizes.AsNoTracking().Where(p => skus.Contains(p.Sku) && p.IsActive).Select(p => new { p.Id, p.Sku }).ToListAsync(cancellationToken);
            var unknown = skus.Where(s => !found.Any(f => string.Equals(f.Sku, s, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                errors.Add(("Skus", t["No article with the number {0}.", string.Join(", ", unknown)]));
            }

            packIds = skus.Select(s => found.FirstOrDefault(f => string.Equals(f.Sku, s, StringComparison.OrdinalIgnoreCase))?.Id).OfType<int>().ToList();
        }

        if (!string.IsNullOrEmpty(draft.RepId) && !await db.Users.AnyAsync(u => u.Id == draft.RepId && u.CustomerId == null, cancellationToken))
        {
            errors.Add(("RepId", t["Please choose a rep from the list."]));
        }

        var now = time.GetUtcNow();
        var sendAt = now;
        if (!draft.SendNow)
        {
            if (!DateTime.TryParseExact(draft.SendAt, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                errors.Add(("SendAt", t["Please choose when to send it."]));
            }
            else if ((sendAt = Dates.FromBusinessTime(local)) <= now)
            {
                errors.Add(("SendAt", t["Please choose a time in the future, or send it now."]));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Campaign
        {
            Subject = draft.Subject!.Trim(),
            Body = draft.Body!.Trim(),
            SubjectDe = string.IsNullOrWhiteSpace(draft.SubjectDe) ? null : draft.SubjectDe.Trim(),
            BodyDe = string.IsNullOrWhiteSpace(draft.BodyDe) ? null : draft.BodyDe.Trim(),
            PackSizeIds = string.Join(',', packIds),
            Segment = draft.Segment,
            Strategy = draft.Strategy,
            RepId = string.IsNullOrEmpty(draft.RepId) ? null : draft.RepId,
            NotOrderedSince = notOrderedSince,
            Status = CampaignStatus.Scheduled,
            SendAt = sendAt,
            NextBatchAt = sendAt,
            CreatedAt = now,
            CreatedBy = "",
        }, errors);
    }

    /// Saves a checked draft to be sent at its time (now: the senders pick it up at their next look). Refused with a
    /// message when nobody is in the audience.
    public async Task<(long? Id, List<(string Field, string Message)> Errors)> CreateAsync(CampaignDraft draft, string createdBy, CancellationToken cancellationToken)
    {
        var (campaign, errors) = await ReadAsync(draft, cancellationToken);
        if (campaign is null)
        {
            return (null, errors);
        }

        if (!await Contacts(AudienceOf(campaign)).AnyAsync(cancellationToken))
        {
            return (null, [("", t["No contact matches this audience. Nothing was sent; change the audience and try again."])]);
        }

        campaign.CreatedBy = createdBy;
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        return (campaign.Id, errors);
    }

    public static CampaignAudience AudienceOf(Campaign campaign) => new(campaign.Segment, campaign.Strategy, campaign.RepId, campaign.NotOrderedSince);

    public static CareArticleChoice ArticlesOf(Campaign campaign) =>
        campaign.PackSizes() is { Count: > 0 } packs ? CareArticleChoice.Chosen(packs) : CareArticleChoice.None;

    /// The mail as this contact would read it (in their language, at their company's prices); links point straight
    /// into the shop, as nothing was sent to track.
    public async Task<RenderedMail?> PreviewAsync(Campaign campaign, string userId, CancellationToken cancellationToken)
    {
        var contact = await Contacts(AudienceOf(campaign)).AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new CareRecipient(u.CustomerId!.Value, u.DisplayName, u.Language)).FirstOrDefaultAsync(cancellationToken);
        if (contact is null)
        {
            return null;
        }

        var mail = await composer.ComposeAsync(MailKind, campaign.Template, contact, ArticlesOf(campaign), null, cancellationToken);
        return await renderer.RenderAsync(mail, contact.Language);
    }

    public async Task<CampaignFigures> FiguresAsync(long campaignId, CancellationToken cancellationToken)
    {
        var recipients = db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaignId);
        var byStatus = await recipients.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(CampaignRecipientStatus status) => byStatus.FirstOrDefault(s => s.Key == status)?.Count ?? 0;
        var sent = await recipients.CountAsync(r => r.Status == CampaignRecipientStatus.Queued && db.OutboxMessages.Any(m => m.DedupeKey == r.MailKey && m.Status == OutboxStatus.Sent), cancellationToken);
        var clicks = db.CampaignClicks.AsNoTracking().Where(c => c.CampaignId == campaignId);
        var orders = await AttributedOrdersAsync(campaignId, cancellationToken);
        return new CampaignFigures(
            byStatus.Sum(s => s.Count),
            Count(CampaignRecipientStatus.Pending),
            Count(CampaignRecipientStatus.Queued),
            sent,
            Count(CampaignRecipientStatus.Skipped),
            await clicks.CountAsync(cancellationToken),
            await clicks.Select(c => c.RecipientId).Distinct().CountAsync(cancellationToken),
            orders.Count,
            orders.Sum(o => o.Net));
    }

    /// The orders this campaign brought (see the class remark): read from the clicks and orders as they are, so a
    /// cancelled order drops out and the figures need no bookkeeping in the ordering code.
    public async Task<List<AttributedOrder>> AttributedOrdersAsync(long campaignId, CancellationToken cancellationToken)
    {
        var own = db.CampaignClicks.AsNoTracking().Where(c => c.CampaignId == campaignId);
        var companies = await own.Select(c => c.CustomerId).Distinct().ToListAsync(cancellationToken);
        if (companies.Count == 0)
        {
            return [];
        }

        // An order after this campaign's first click has a latest click no earlier than it.
        var first = await own.OrderBy(c => c.At).Select(c => c.At).FirstAsync(cancellationToken);
        var clicks = await db.CampaignClicks.AsNoTracking()
            .Where(c => companies.Contains(c.CustomerId) && c.At >= first)
            .Select(c => new { c.CustomerId, c.CampaignId, c.At })
            .ToListAsync(cancellationToken);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => companies.Contains(o.CustomerId) && o.Status != OrderStatus.Cancelled && o.PlacedAt >= first)
            .Select(o => new AttributedOrder(o.Id, o.Number, o.CustomerId, o.PlacedAt, o.SubtotalNet))
            .ToListAsync(cancellationToken);
        return orders
            .Where(o => clicks.Where(c => c.CustomerId == o.CustomerId && c.At <= o.PlacedAt).MaxBy(c => c.At) is { } latest
                && latest.CampaignId == campaignId
                && o.PlacedAt - latest.At <= AttributionWindow)
            .OrderBy(o => o.PlacedAt)
            .ToList();
    }
}
