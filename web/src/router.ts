import { createRouter, createWebHistory } from "vue-router";
import { loadMe, session } from "./session";

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: "/login", component: () => import("./views/LoginView.vue") },
    { path: "/", redirect: "/tickets" },
    { path: "/tickets", component: () => import("./views/TicketListView.vue") },
    { path: "/tickets/:id", component: () => import("./views/TicketView.vue"), props: true },
    { path: "/intake", component: () => import("./views/IntakeView.vue") },
    { path: "/calendar", component: () => import("./views/CalendarView.vue") },
  ],
});

router.beforeEach(async (to) => {
  if (!session.checked) await loadMe();
  if (!session.me && to.path !== "/login") return { path: "/login", query: { next: to.fullPath } };
  return true;
});
