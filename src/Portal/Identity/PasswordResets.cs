using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Mail;

namespace Portal.Identity;

/// Mails a password reset link: asked for by the user (forgot password) or sent by an admin for a staff account.
public sealed class PasswordResets(UserManager<PortalUser> users, PortalDbContext db, Outbox outbox, MailLinks links, IOptions<AccountOptions> accounts)
{
    public const string ResetPath = "/account/reset-password";

    /// Queues the mail in the caller's unit of work; false when the user cannot have one (deactivated, no address).
    public async Task<bool> SendAsync(PortalUser user, CancellationToken cancellationToken)
    {
        if (user is not { IsActive: true, Email: not null })
        {
            return false;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = links.To(ResetPath, new Dictionary<string, string?>
        {
            ["userId"] = user.Id,
            ["token"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)),
        });
        await outbox.EnqueueAsync(new PasswordResetMail(user.DisplayName, link, accounts.Value.PasswordResetLinkLifetime), user.Email, user.DisplayName, user.Language);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
