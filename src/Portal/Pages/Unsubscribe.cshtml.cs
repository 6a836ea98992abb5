using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Mail;

namespace Portal.Pages;

/// The link in every campaign and journey mail. GET asks (link scanners in mail systems follow GETs, so a GET must
/// not unsubscribe); POST unsubscribes, both from the button and as the RFC 8058 one-click POST a mail client sends
/// with no cookies and no antiforgery token. The unguessable token is the authority, so neither is needed.
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(MailConsents consents) : PageModel
{
    public string Email { get; private set; } = "";
    public bool Unsubscribed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await consents.FindAsync(token, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        (Email, Unsubscribed) = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!await consents.UnsubscribeByTokenAsync(token, cancellationToken))
        {
            return NotFound();
        }

        return await OnGetAsync(token, cancellationToken);
    }
}
