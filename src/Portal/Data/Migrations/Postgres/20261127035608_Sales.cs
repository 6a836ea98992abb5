using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Sales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedAt",
                table: "Escalations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedByUserId",
                table: "Escalations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "Escalations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Resolution",
                table: "Escalations",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResolvedAt",
                table: "Escalations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedByUserId",
                table: "Escalations",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EscalationComments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EscalationId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: true),
                    Author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EscalationComments_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Touches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Touches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Touches_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Touches_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ClaimedByUserId",
                table: "Escalations",
                column: "ClaimedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ResolvedByUserId",
                table: "Escalations",
                column: "ResolvedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_EscalationComments_EscalationId",
                table: "EscalationComments",
                column: "EscalationId");

            migrationBuilder.CreateIndex(
                name: "IX_Touches_At",
                table: "Touches",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Touches_CustomerId_At",
                table: "Touches",
                columns: new[] { "CustomerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Touches_UserId",
                table: "Touches",
                column: "UserId");

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_AspNetUsers_ClaimedByUserId",
                table: "Escalations",
                column: "ClaimedByUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_AspNetUsers_ResolvedByUserId",
                table: "Escalations",
                column: "ResolvedByUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_AspNetUsers_ClaimedByUserId",
                table: "Escalations");

            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_AspNetUsers_ResolvedByUserId",
                table: "Escalations");

            migrationBuilder.DropTable(
                name: "EscalationComments");

            migrationBuilder.DropTable(
                name: "Touches");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ClaimedByUserId",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ResolvedByUserId",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ClaimedByUserId",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Resolution",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ResolvedByUserId",
                table: "Escalations");
        }
    }
}
