using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Mail;

namespace Portal.Areas.Shop.Pages.Account;

/// The buyer's own settings: whether campaign and journey mail reaches their address (they opt back in here after
/// an unsubscribe link). Only the signed-in user's own address, never one from the form.
public sealed class IndexModel(PortalDbContext db, MailConsents consents, IStringLocalizer<SharedResource> t) : PageModel
{
    public string Name { get; private set; } = "";
    public string Email { get; private set; } = "";
    public bool Unsubscribed { get; private set; }

    private string UserId => User.FindFirst(ClaimTypes.NameIdentifier)!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var me = await db.Users.AsNoTracking().Where(u => u.Id == UserId).Select(u => new { u.DisplayName, u.Email }).SingleAsync(cancellationToken);
        (Name, Email) = (me.DisplayName, me.Email ?? "");
        Unsubscribed = Email.Length > 0 && await consents.IsUnsubscribedAsync(Email, cancellationToken);
    }

    public async Task<IActionResult> OnPostCampaignMailAsync(bool subscribed, CancellationToken cancellationToken)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == UserId).Select(u => u.Email).SingleAsync(cancellationToken);
        if (email is not null)
        {
            await consents.SetAsync(email, subscribed, cancellationToken);
        }

        TempData["Notice"] = (subscribed ? t["You receive campaign and care mails again."] : t["You no longer receive campaign and care mails."]).Value;
        return RedirectToPage();
    }
}
