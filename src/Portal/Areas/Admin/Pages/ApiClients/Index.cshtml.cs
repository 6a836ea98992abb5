using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Api;
using Portal.Data;
using Portal.Identity;
using Portal.Web;

namespace Portal.Areas.Admin.Pages.ApiClients;

/// API clients: the systems (the ERP) that call /api/v1, their scopes, when they last called; creating one shows its
/// key once, revoking one stops its key at once.
public sealed class IndexModel(PortalDbContext db, Api.ApiClients clients, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    public Paged<Row> Clients { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    /// The key of the client just created: on this one response, never again.
    public string? NewKey { get; private set; }
    public string? NewName { get; private set; }

    public sealed record Row(int Id, string Name, IReadOnlyList<string> Scopes, string KeyPrefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var input = ApiClientInput.Check(Name, Scopes);
        foreach (var (field, message) in input.Errors)
        {
            ModelState.AddModelError(field, t[message]);
        }

        if (ModelState.IsValid)
        {
            var created = await clients.CreateAsync(input.Name, input.Scopes, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "?", cancellationToken);
            // Shown in this response only (no redirect: the key must not travel in TempData or a URL).
            NewKey = created.Key;
            NewName = created.Client.Name;
            Name = null;
            Scopes = [];
            ModelState.Clear();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        if (!await db.ApiClients.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        if (await clients.RevokeAsync(id, cancellationToken))
        {
            var name = await db.ApiClients.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).SingleAsync(cancellationToken);
            TempData["Notice"] = t["The key of {0} no longer works.", name].Value;
        }

        return RedirectToPage(new { p = PageNumber });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var page = await db.ApiClients.AsNoTracking()
            .OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        Clients = new Paged<Row>(
            page.Items.Select(c => new Row(c.Id, c.Name, c.ScopeList, c.KeyPrefix, c.CreatedAt, c.CreatedBy, c.LastUsedAt, c.RevokedAt)).ToList(),
            page.Page,
            page.PageSize,
            page.TotalCount);
    }
}
