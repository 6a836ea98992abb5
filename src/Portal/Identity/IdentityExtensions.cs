using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
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
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "portal.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            // htmx requests get a 401/403 instead of a login page swapped into a fragment; the client reloads.
            options.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden),
            };
        });

        // A deactivated user's existing cookie stops working within a minute, not after 30.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Buyer, p => p.RequireRole(Roles.Customer, Roles.CustomerAdmin).RequireClaim(PortalClaims.CustomerId))
            .AddPolicy(Policies.CompanyAdmin, p => p.RequireRole(Roles.CustomerAdmin).RequireClaim(PortalClaims.CustomerId))
            .AddPolicy(Policies.Sales, p => p.RequireRole(Roles.InsideSales, Roles.Admin))
            .AddPolicy(Policies.ProductManagement, p => p.RequireRole(Roles.ProductManager, Roles.Admin))
            .AddPolicy(Policies.Administration, p => p.RequireRole(Roles.Admin));

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
    public static string StartPage(this System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Customer) || user.IsInRole(Roles.CustomerAdmin) ? "/shop"
        : user.IsInRole(Roles.Admin) ? "/admin"
        : user.IsInRole(Roles.InsideSales) ? "/sales"
        : user.IsInRole(Roles.ProductManager) ? "/pm"
        : "/account/login";

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

/// Deactivated users cannot sign in, and their sessions end at the next security-stamp check.
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
    public override async Task<bool> CanSignInAsync(PortalUser user) => user.IsActive && await base.CanSignInAsync(user);
}
