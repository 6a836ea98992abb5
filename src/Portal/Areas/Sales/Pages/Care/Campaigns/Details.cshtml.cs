using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Care.Campaigns;
using Portal.Data;
using Portal.Web;

namespace Portal.Areas.Sales.Pages.Care.Campaigns;

/// One campaign: what it said and to whom, how far sending got (in the outbox, sent, unsubscribed), the clicks and the
/// orders attributed to it with their revenue; the recipients page by page. While it sends, the figures refresh.
public sealed class DetailsModel(PortalDbContext db, CampaignDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Campaign Campaign { get; private set; } = null!;
    public string? RepName { get; private set; }
    public CampaignFigures Figures { get; private set; } = null!;
    public IReadOnlyList<string> Skus { get; private set; } = [];
    public IReadOnlyList<(AttributedOrder Order, string Company)> Orders { get; private set; } = [];
    public Paged<Row> Recipients { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Row(string Company, string CustomerNumber, string Email, CampaignRecipientStatus Status, int Clicks);

    public bool InProgress => Campaign.Status != CampaignStatus.Sent;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var orders = await desk.AttributedOrdersAsync(id, cancellationToken);
        var companyIds = orders.Select(o => o.CustomerId).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        Orders = orders.Select(o => (o, names.GetValueOrDefault(o.CustomerId, ""))).ToList();
        var packs = Campaign.PackSizes();
        var skus = await db.PackSizes.AsNoTracking().Where(p => packs.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, cancellationToken);
        Skus = packs.Where(skus.ContainsKey).Select(p => skus[p]).ToList();
        Recipients = await db.CampaignRecipients.AsNoTracking()
            .Where(r => r.CampaignId == id)
            .Join(db.Customers, r => r.CustomerId, c => c.Id, (r, c) => new { r, c })
            .OrderBy(x => x.c.Name).ThenBy(x => x.r.Email)
            .Select(x => new Row(x.c.Name, x.c.Number, x.r.Email, x.r.Status, db.CampaignClicks.Count(k => k.RecipientId == x.r.Id)))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        return Page();
    }

    /// The figures alone, for the refresh while sending.
    public async Task<IActionResult> OnGetFiguresAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Partial("_CampaignFigures", this) : NotFound();

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (campaign is null)
        {
            return false;
        }

        Campaign = campaign;
        RepName = campaign.RepId is null ? null : await db.Users.Where(u => u.Id == campaign.RepId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        Figures = await desk.FiguresAsync(id, cancellationToken);
        return true;
    }
}
