using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Mail;
using Portal.Web;

namespace Portal.Areas.Admin.Pages.Outbox;

/// What the mail sender is doing: mails on their way, mails it gave up on (with the server's last answer),
/// and sending a failed one again once the cause is fixed.
public sealed class IndexModel(PortalDbContext db, Portal.Mail.Outbox outbox, IMailTransport transport, IStringLocalizer<SharedResource> t) : PageModel
{
    public enum View
    {
        Waiting,
        Failed,
        Sent,
    }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "show")]
    public View Show { get; set; } = View.Waiting;

    public Paged<Row> Mails { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public IReadOnlyDictionary<OutboxStatus, int> Counts { get; private set; } = new Dictionary<OutboxStatus, int>();
    public string TransportDescription => transport.Description;

    public sealed record Row(long Id, string Kind, string To, string Subject, OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var statuses = Show switch
        {
            View.Failed => new[] { OutboxStatus.Failed },
            View.Sent => [OutboxStatus.Sent],
            _ => [OutboxStatus.Pending, OutboxStatus.Sending],
        };
        var query = db.OutboxMessages.AsNoTracking().Where(m => statuses.Contains(m.Status));
        query = Show == View.Sent ? query.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id) : query.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id);
        Mails = await query
            .Select(m => new Row(m.Id, m.Kind, m.To, m.Subject, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        Counts = await db.OutboxMessages.AsNoTracking()
            .GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    public async Task<IActionResult> OnPostSendAgainAsync(long id, CancellationToken cancellationToken)
    {
        TempData["Notice"] = await outbox.SendAgainAsync(id, cancellationToken)
            ? t["The mail is queued to be sent again."].Value
            : t["That mail is no longer failed; nothing to do."].Value;
        return RedirectToPage(new { show = View.Failed });
    }
}
