using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Api;
using Portal.Data;
using Portal.Identity;
using Portal.Web;

namespace Portal.Areas.Admin.Pages.Webhooks;

/// Webhooks: the addresses the portal posts events to (the secret shown once when one is added), and the
/// deliveries with each attempt's response code; a parked delivery can be sent again.
public sealed class IndexModel(PortalDbContext db, Api.Webhooks webhooks, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public List<string> Events { get; set; } = [];

    public IReadOnlyList<WebhookEndpoint> Endpoints { get; private set; } = [];

    public Paged<DeliveryRow> Deliveries { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    /// The secret of the endpoint just added: on this one response, never again.
    public string? NewSecret { get; private set; }

    public sealed record DeliveryRow(long Id, string Event, string Url, WebhookDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt, IReadOnlyList<int?> Codes);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!Api.Webhooks.IsValidUrl(Address))
        {
            ModelState.AddModelError(nameof(Address), t["Enter the full address, starting with https://."]);
        }

        if (Events.Count == 0)
        {
            ModelState.AddModelError(nameof(Events), t["Choose at least one event."]);
        }

        if (ModelState.IsValid && await webhooks.CreateAsync(Address, Events, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "?", cancellationToken) is { } created)
        {
            // Shown in this response only (no redirect: the secret must not travel in TempData or a URL).
            NewSecret = created.Secret;
            Address = null;
            Events = [];
            ModelState.Clear();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken cancellationToken)
    {
        if (await webhooks.RemoveAsync(id, cancellationToken))
        {
            TempData["Notice"] = t["The address receives no more events."].Value;
        }

        return RedirectToPage(new { p = PageNumber });
    }

    public async Task<IActionResult> OnPostSendAgainAsync(long id, CancellationToken cancellationToken)
    {
        if (await webhooks.SendAgainAsync(id, cancellationToken))
        {
            TempData["Notice"] = t["The event is sent again."].Value;
        }

        return RedirectToPage(new { p = PageNumber });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.RemovedAt == null).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var page = await db.WebhookDeliveries.AsNoTracking()
            .OrderByDescending(d => d.Id)
            .Select(d => new DeliveryRow(d.Id, d.Event!.Type, d.Endpoint!.Url, d.Status, d.Attempts, d.Event.CreatedAt, d.AttemptLog.OrderBy(a => a.Id).Select(a => a.StatusCode).ToList()))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        Deliveries = page;
    }
}
