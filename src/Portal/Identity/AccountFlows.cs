using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Identity;

/// Section "Accounts": how long the links in account mails work, and how long a sign-in lasts.
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// A sign-in lasts this long after the last request (sliding).
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// How long an instance trusts a session it has checked; a deactivation, a new password or sign-out elsewhere
    /// takes effect within this time on every instance.
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PasswordResetLinkLifetime { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);
}

public static class AccountFlowExtensions
{
    /// Password reset by mail and invitations of colleagues.
    public static IHostApplicationBuilder AddPortalAccountFlows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName)
            .Validate(o => o.PasswordResetLinkLifetime > TimeSpan.Zero && o.InvitationLifetime > TimeSpan.Zero, "Accounts: link lifetimes must be positive.")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Accounts:SessionLifetime must be positive.")
            .Validate(o => o.SessionCheckInterval >= TimeSpan.Zero && o.SessionCheckInterval <= TimeSpan.FromSeconds(5), "Accounts:SessionCheckInterval must be between 0 and 5 seconds: a revoked sign-in must end within 5 seconds.")
            .ValidateOnStart();

        // Reset links get their own token provider: their own lifetime (short) and their own data-protection purpose,
        // apart from any other Identity token. A reset changes the security stamp, which ends the link after one use.
        builder.Services.AddOptions<PasswordResetTokenProviderOptions>()
            .Configure<IOptions<AccountOptions>>((tokens, accounts) => tokens.TokenLifespan = accounts.Value.PasswordResetLinkLifetime);
        builder.Services.AddTransient<PasswordResetTokenProvider>();
        builder.Services.Configure<IdentityOptions>(options =>
        {
            options.Tokens.ProviderMap[PasswordResetTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(PasswordResetTokenProvider));
            options.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName;
        });

        builder.Services.AddScoped<Invitations>();
        builder.Services.AddScoped<PasswordResets>();
        return builder;
    }
}

public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public PasswordResetTokenProviderOptions()
    {
        Name = PasswordResetTokenProvider.ProviderName;
    }
}

public sealed class PasswordResetTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<PasswordResetTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<PortalUser>> logger)
    : DataProtectorTokenProvider<PortalUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "PasswordReset";
}
