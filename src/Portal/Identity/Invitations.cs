using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Mail;

namespace Portal.Identity;

public enum InvitationState
{
    Valid,
    Unknown,
    Expired,
    Used,
    Revoked,
}

public sealed record OpenInvitation(int Id, int CustomerId, string CompanyName, string Email, string Language);

public sealed record InvitationAcceptance(InvitationState State, PortalUser? User, IReadOnlyList<IdentityError> Errors)
{
    public bool Succeeded => State == InvitationState.Valid && User is not null;
}

/// Invites colleagues into a company and lets them join it. The company and the address come from the invitation
/// row that the token's hash finds, never from what the accepting browser sends, so a link for one company
/// cannot be turned into an account in another.
public sealed class Invitations(
    PortalDbContext db,
    UserManager<PortalUser> users,
    Outbox outbox,
    MailLinks links,
    TimeProvider time,
    IOptions<AccountOptions> options)
{
    public const string AcceptPath = "/account/accept-invitation";

    /// Invites an address into the company. An address that already has an account gets a mail saying so instead
    /// of an invitation; the inviter sees the same answer either way, so the form cannot be used to find accounts.
    /// dedupeKey: for an automated invitation (the welcome journey), so that a repeated step cannot invite twice.
    public async Task InviteAsync(int customerId, string? inviterUserId, string inviterName, string email, string language, CancellationToken cancellationToken, string? dedupeKey = null)
    {
        var address = email.Trim();
        if (await users.FindByEmailAsync(address) is { } existing)
        {
            var inviting = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Name).SingleAsync(cancellationToken);
            await outbox.EnqueueAsync(
                new AlreadyRegisteredMail(inviterName, inviting, links.To("/account/login", new Dictionary<string, string?>()), links.To("/account/forgot-password", new Dictionary<string, string?>())),
                existing.Email ?? address,
                existing.DisplayName,
                existing.Language);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var normalized = users.NormalizeEmail(address);
        var now = time.GetUtcNow();
        // Inviting again replaces the open invitation: only the newest link works.
        var open = await db.Invitations
            .Where(i => i.CustomerId == customerId && i.NormalizedEmail == normalized && i.AcceptedAt == null && i.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var previous in open)
        {
            previous.RevokedAt = now;
        }

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var lifetime = options.Value.InvitationLifetime;
        db.Invitations.Add(new Invitation
        {
            CustomerId = customerId,
            Email = address,
            NormalizedEmail = normalized,
            TokenHash = Hash(token),
            Language = language,
            InvitedByUserId = inviterUserId,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        var company = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Name).SingleAsync(cancellationToken);
        var link = links.To(AcceptPath, new Dictionary<string, string?> { ["token"] = token });
        await outbox.EnqueueAsync(new InvitationMail(inviterName, company, address, link, lifetime), address, null, language, dedupeKey);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<(InvitationState State, OpenInvitation? Invitation)> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return (InvitationState.Unknown, null);
        }

        var hash = Hash(token);
        var found = await db.Invitations.AsNoTracking()
            .Where(i => i.TokenHash == hash)
            .Select(i => new { i.Id, i.CustomerId, Company = i.Customer!.Name, i.Email, i.Language, i.ExpiresAt, i.AcceptedAt, i.RevokedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return (InvitationState.Unknown, null);
        }

        var state = found.AcceptedAt is not null ? InvitationState.Used
            : found.RevokedAt is not null ? InvitationState.Revoked
            : found.ExpiresAt <= time.GetUtcNow() ? InvitationState.Expired
            : InvitationState.Valid;
        return (state, new OpenInvitation(found.Id, found.CustomerId, found.Company, found.Email, found.Language));
    }

    /// Creates the colleague's account in the inviting company and uses the invitation up, in one transaction.
    public async Task<InvitationAcceptance> AcceptAsync(string token, string displayName, string password, CancellationToken cancellationToken)
    {
        var (state, invitation) = await FindAsync(token, cancellationToken);
        if (state != InvitationState.Valid || invitation is null)
        {
            return new(state, null, []);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        // Claim first: of two acceptances at the same moment only one changes the row; the other finds it used.
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed != 1)
        {
            return new(InvitationState.Used, null, []);
        }

        var user = new PortalUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            // The link reached this mailbox, which confirms the address.
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            CustomerId = invitation.CustomerId,
            Language = invitation.Language,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, Roles.Customer);
        }

        if (!created.Succeeded)
        {
            // The invitation stays open: a password the rules refuse must not burn the link.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new(InvitationState.Valid, null, created.Errors.ToList());
        }

        await db.Invitations.Where(i => i.Id == invitation.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedUserId, user.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(InvitationState.Valid, user, []);
    }

    public async Task<bool> RevokeAsync(int customerId, int invitationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await db.Invitations
            .Where(i => i.Id == invitationId && i.CustomerId == customerId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken) == 1;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
