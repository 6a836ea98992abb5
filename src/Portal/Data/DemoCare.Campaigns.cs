using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Care;
using Portal.Care.Campaigns;
using Portal.Customers;
using Portal.Mail;
using Portal.Ordering;

namespace Portal.Data;

/// One campaign in the demo, sent before the first start to the class-C contacts of Sabine Vogel's customers, with a
/// few clicks and one order placed two days after a click, so /sales/care/campaigns shows figures at once. Rows only:
/// the outbox holds its mails as sent (their text filled in per contact, without rendering) and nobody is mailed.
internal static class DemoCareCampaigns
{
    public const string Subject = "Spring refresh for {company}";

    public static async Task SeedAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rep = await db.Users.Where(u => u.Email == "sales@portal.example").Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (rep is null)
        {
            return;
        }

        var contacts = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Email != null && u.CustomerId != null
                && db.Customers.Any(c => c.Id == u.CustomerId && c.Segment == Segment.C && !c.IsBlocked && c.AssignedRepId == rep.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.Language, CustomerId = u.CustomerId!.Value, Company = u.Customer!.Name })
            .OrderBy(u => u.CustomerId).ThenBy(u => u.Id)
            .ToListAsync(cancellationToken);
        if (contacts.Count == 0)
        {
            return;
        }

        // Sent three days before an order of one of these companies in the last two months, so that order falls
        // within the 14 days after a click.
        var companies = contacts.Select(c => c.CustomerId).Distinct().ToList();
        var since = now.AddDays(-60);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => companies.Contains(o.CustomerId) && o.Status != OrderStatus.Cancelled && o.PlacedAt >= since && o.PlacedAt <= now.AddDays(-1))
            .OrderByDescending(o => o.PlacedAt)
            .Select(o => new { o.CustomerId, o.PlacedAt })
            .ToListAsync(cancellationToken);
        var ordered = orders.FirstOrDefault();
        var sentAt = ordered is null ? now.AddDays(-5) : ordered.PlacedAt.AddDays(-3);
        var packs = await db.PackSizes.Where(p => p.Sku == "P110-2" || p.Sku == "P150-1").OrderBy(p => p.Sku).Select(p => p.Id).ToListAsync(cancellationToken);
        var template = CareTemplate.Campaign with { SubjectEn = Subject, SubjectDe = "Frühjahrsfrische für {company}" };
        var campaign = new Campaign
        {
            Subject = template.SubjectEn,
            Body = template.BodyEn,
            SubjectDe = template.SubjectDe,
            BodyDe = template.BodyDe,
            PackSizeIds = string.Join(',', packs),
            Segment = Segment.C,
            RepId = rep.Id,
            Status = CampaignStatus.Sent,
            SendAt = sentAt,
            NextBatchAt = sentAt,
            CreatedAt = sentAt.AddHours(-2),
            CreatedBy = rep.DisplayName,
            StartedAt = sentAt,
            CompletedAt = sentAt.AddMinutes(1),
            RecipientCount = contacts.Count,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);

        var recipients = new List<CampaignRecipient>();
        foreach (var contact in contacts)
        {
            var recipient = new CampaignRecipient
            {
                CampaignId = campaign.Id,
                CustomerId = contact.CustomerId,
                UserId = contact.Id,
                Email = contact.Email!,
                Token = CampaignSender.NewToken(),
                MailKey = $"campaign-{campaign.Id}-{contact.Id}",
                Status = CampaignRecipientStatus.Queued,
                ProcessedAt = sentAt,
            };
            recipients.Add(recipient);
            var (subject, body) = template.For(MailRenderer.CultureFor(contact.Language));
            string Fill(string text) => text.Replace(CareTemplate.Company, contact.Company, StringComparison.Ordinal)
                .Replace(CareTemplate.Contact, contact.DisplayName, StringComparison.Ordinal)
                .Replace(CareTemplate.Rep, rep.DisplayName, StringComparison.Ordinal)
                .Replace(CareTemplate.Articles, "P110-2, P150-1", StringComparison.Ordinal);
            var text = Fill(body);
            db.OutboxMessages.Add(new OutboxMessage
            {
                Kind = CampaignDesk.MailKind,
                To = contact.Email!,
                ToName = contact.DisplayName,
                Subject = Fill(subject),
                TextBody = text + "\n",
                HtmlBody = $"<!DOCTYPE html>\n<pre>{WebUtility.HtmlEncode(text)}</pre>\n",
                MessageId = $"demo-campaign-{campaign.Id}-{recipients.Count}@portal.example",
                DedupeKey = recipient.MailKey,
                Status = OutboxStatus.Sent,
                Attempts = 1,
                NextAttemptAt = sentAt,
                CreatedAt = sentAt,
                SentAt = sentAt.AddSeconds(30),
            });
        }

        db.CampaignRecipients.AddRange(recipients);
        await db.SaveChangesAsync(cancellationToken);

        // Clicks: the ordering company's contact the day after the mail, and two other companies' a few hours in.
        var clickers = recipients.Where(r => r.CustomerId == ordered?.CustomerId).Take(1)
            .Concat(recipients.Where(r => r.CustomerId != ordered?.CustomerId).DistinctBy(r => r.CustomerId).Take(2))
            .ToList();
        for (var i = 0; i < clickers.Count; i++)
        {
            var at = i == 0 && ordered is not null ? ordered.PlacedAt.AddDays(-2) : sentAt.AddHours(3 + (5 * i));
            db.CampaignClicks.Add(new CampaignClick { CampaignId = campaign.Id, RecipientId = clickers[i].Id, CustomerId = clickers[i].CustomerId, UserId = clickers[i].UserId, At = at });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
