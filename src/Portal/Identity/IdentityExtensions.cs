using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Identity;

public static class IdentityExtensions
{
    public static IHostApplicationBuilder AddPortalIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<PortalUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        builder.Services.AddScoped(services => (PortalSignInManager)services.GetRequiredService<SignInManager<PortalUser>>());

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "portal.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            // htmx requests get a 401/403 instead of a login page swapped into a fragment; the client reloads.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            // Instead of Identity's SecurityStampValidator, which checks the stamp only every few minutes: every
            // request checks the session row, the stamp, the roles and IsActive (briefly cached; see UserSessions).
            options.Events.OnValidatePrincipal = UserSessions.ValidatePrincipalAsync;
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AccountOptions>>((cookie, accounts) => cookie.ExpireTimeSpan = accounts.Value.SessionLifetime);
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<UserSessions>();
        builder.Services.AddScoped<StaffAccounts>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Buyer, p => p.RequireRole(Roles.Customer, Roles.CustomerAdmin).RequireClaim(PortalClaims.CustomerId))
            .AddPolicy(Policies.CompanyAdmin, p => p.RequireRole(Roles.CustomerAdmin).RequireClaim(PortalClaims.CustomerId))
            .AddPolicy(Policies.Sales, p => p.RequireRole(Roles.InsideSales, Roles.Admin))
            .AddPolicy(Policies.ProductManagement, p => p.RequireRole(Roles.ProductManager, Roles.Admin))
            .AddPolicy(Policies.Administration, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Insights, p => p.RequireRole(Roles.Admin, Roles.InsideSales, Roles.ProductManager));

        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Headers.ContainsKey("HX-Request"))
        {
            context.Response.StatusCode = status;
            context.Response.Headers["HX-Refresh"] = "true";
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// Where a user lands after signing in: buyers in the shop, staff on their console.
    public static string StartPage(this System.Security.Claims.ClaimsPrincipal user, IUrlHelper url) =>
        user.IsInRole(Roles.Customer) || user.IsInRole(Roles.CustomerAdmin) ? url.Page("/Index", new { area = "Shop" })!
        : user.IsInRole(Roles.Admin) ? url.Page("/Staff/Index", new { area = "Admin" })!
        : user.IsInRole(Roles.InsideSales) ? url.Page("/Index", new { area = "Sales" })!
        : user.IsInRole(Roles.ProductManager) ? url.Page("/Index", new { area = "Pm" })!
        : url.Page("/Account/Login", new { area = "" })!;

    public static int? CustomerId(this System.Security.Claims.ClaimsPrincipal user) =>
        int.TryParse(user.FindFirst(PortalClaims.CustomerId)?.Value, out var id) ? id : null;
}

/// Adds the company a customer user belongs to as claims, so every page filters by the signed-in company.
public sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    PortalDbContext db)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new(PortalClaims.DisplayName, user.DisplayName));
        if (user.CustomerId is int customerId)
        {
            var customer = await db.Customers.FindAsync(customerId);
            identity.AddClaim(new(PortalClaims.CustomerId, customerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            identity.AddClaim(new(PortalClaims.CustomerName, customer?.Name ?? ""));
        }

        return identity;
    }
}

public enum PasswordSignInResult
{
    SignedIn,
    NotCorrect,
    LockedOut,
    Deactivated,
}

public sealed record PasswordSignIn(PasswordSignInResult Result, PortalUser? User);

/// Deactivated users cannot sign in; every sign-in is a session row (see UserSessions), ended by signing out.
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lazy<string> UnknownAccountHash = new(() =>
        new PasswordHasher<PortalUser>().HashPassword(new PortalUser { DisplayName = "" }, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    public override async Task<bool> CanSignInAsync(PortalUser user) => user.IsActive && await base.CanSignInAsync(user);

    /// Signs in by e-mail and password without telling whether an account exists: an unknown address, a wrong
    /// password, a locked and a deactivated account all answer NotCorrect until the password was right, and an
    /// unknown address costs the same password-hashing work as a known one (it is checked against a hash of a
    /// random password), so neither the answer nor its time tells them apart.
    public async Task<PasswordSignIn> SignInByEmailAsync(string email, string password, bool isPersistent)
    {
        var user = await UserManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new PortalUser { DisplayName = "" }, UnknownAccountHash.Value, password);
            return new(PasswordSignInResult.NotCorrect, null);
        }

        var lockedOut = await UserManager.IsLockedOutAsync(user);
        if (!await UserManager.CheckPasswordAsync(user, password))
        {
            if (!lockedOut)
            {
                await UserManager.AccessFailedAsync(user);
            }

            return new(PasswordSignInResult.NotCorrect, user);
        }

        if (lockedOut)
        {
            return new(PasswordSignInResult.LockedOut, user);
        }

        if (!await CanSignInAsync(user))
        {
            return new(PasswordSignInResult.Deactivated, user);
        }

        await UserManager.ResetAccessFailedCountAsync(user);
        await SignInAsync(user, isPersistent);
        return new(PasswordSignInResult.SignedIn, user);
    }

    /// Every sign-in starts a session of its own (see UserSessions); signing in again in the same browser ends the
    /// one it had.
    public override async Task SignInWithClaimsAsync(PortalUser user, Microsoft.AspNetCore.Authentication.AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        var sessions = Context.RequestServices.GetRequiredService<UserSessions>();
        if (Context.User.FindFirst(UserSessions.ClaimType)?.Value is { } previous)
        {
            await sessions.EndAsync(previous, CancellationToken.None);
        }

        var session = await sessions.StartAsync(user.Id, CancellationToken.None);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims.Append(new(UserSessions.ClaimType, session)));
    }

    /// Signing out ends the session on the server too: a copy of the cookie is worth nothing afterwards.
    public override async Task SignOutAsync()
    {
        if (Context.User.FindFirst(UserSessions.ClaimType)?.Value is { } session)
        {
            await Context.RequestServices.GetRequiredService<UserSessions>().EndAsync(session, CancellationToken.None);
        }

        await base.SignOutAsync();
    }
}
