using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Care.Campaigns;
using Portal.Data;
using Portal.Web;

namespace Portal.Areas.Sales.Pages.Care.Campaigns;

/// The Campaigns tab of /sales/care: every campaign, newest first, with how far its sending got.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> Campaigns { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Row(long Id, string Subject, CampaignStatus Status, DateTimeOffset SendAt, int Recipients, int Queued, int Skipped, int Clicks);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Campaigns = await db.Campaigns.AsNoTracking()
            .OrderByDescending(c => c.Id)
            .Select(c => new Row(
                c.Id,
                c.Subject,
                c.Status,
                c.SendAt,
                c.RecipientCount,
                db.CampaignRecipients.Count(r => r.CampaignId == c.Id && r.Status == CampaignRecipientStatus.Queued),
                db.CampaignRecipients.Count(r => r.CampaignId == c.Id && r.Status == CampaignRecipientStatus.Skipped),
                db.CampaignClicks.Count(k => k.CampaignId == c.Id)))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
    }
}
