import { HttpError, type Handler } from "./http";

export const handleStorage: Handler = async () => {
  throw new HttpError(404, { message: "not yet served" });
};
